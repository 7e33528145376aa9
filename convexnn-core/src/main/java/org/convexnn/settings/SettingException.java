package org.convexnn.settings;

import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting with a value it cannot take. The message is a template in which {@code {name}} stands for a setting by
 * its library name ({@code lambda}, {@code maxIterations}, ...): {@link #getMessage} writes the names as they are,
 * {@link #message(UnaryOperator)} lets a front end (the CLI) write them its own way, e.g. as its flags.
 */
public class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String setting;
    private final String template;

    /**
     * @param setting  the setting at fault (library name)
     * @param template the message, with {@code {name}} wherever a setting is named
     */
    public SettingException(String setting, String template) {
        super(render(template, UnaryOperator.identity()));
        this.setting = Objects.requireNonNull(setting, "setting");
        this.template = template;
    }

    /** The setting at fault, by its library name. */
    public String setting() {
        return setting;
    }

    /** The message template: {@code {name}} wherever a setting is named. */
    public String template() {
        return template;
    }

    /** The message with every named setting written by {@code names} (library name in, text out). */
    public String message(UnaryOperator<String> names) {
        return render(template, names);
    }

    private static String render(String template, UnaryOperator<String> names) {
        Matcher m = NAME.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(names.apply(m.group(1))));
        }
        m.appendTail(b);
        return b.toString();
    }
}
