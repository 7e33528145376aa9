package org.convexnn.baseline;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;
import org.convexnn.program.Loss;
import org.convexnn.settings.Require;

/**
 * Ordinary (non-convex) training of a two-layer network on the public objective of spec §1.0, the baseline that the
 * convex reformulations are compared with.
 *
 * <p>Each mini-batch step uses the gradient of {@code (1/|B|) Σ_{k∈B} ℓ(f_θ(x_k), y_k) + (λ/2)‖θ‖²} (penalised
 * parameters only), an unbiased estimate of ∇F. Batches are consecutive slices of a permutation of the rows drawn
 * afresh each epoch; the last batch of an epoch may be smaller. Full-batch mode (optimizer {@link Optimizer#GD},
 * batch size 0, or batch size ≥ n) takes one exact-gradient step per epoch. The learning rate of epoch e (from 0) is
 * {@code learningRate · lrDecay^e}.
 *
 * <p>b1 is trained unless {@code hiddenBias(false)} (then it stays at its initial value, 0 for the random init),
 * and penalised iff {@code biasPenalized}. b2 stays at its initial value (0 for the random init) unless
 * {@code trainOutputBias(true)}; it is never penalised. Gates of a gated starting network are kept fixed.
 *
 * <p>Randomness comes only from a {@link SplittableRandom} seeded with {@code seed}, so runs are reproducible.
 * Instances are immutable and may be shared; {@code fit} allocates its buffers once per call.
 */
public final class NonConvexTrainer {
    private final Optimizer optimizer;
    private final double learningRate;
    private final int epochs;
    private final int batchSize;
    private final int width;
    private final long seed;
    private final Activation activation;
    private final TwoLayerNetwork init;
    private final double lrDecay;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean hiddenBias;
    private final boolean trainOutputBias;
    private final double timeLimitSeconds;

    private NonConvexTrainer(Builder b) {
        this.optimizer = b.optimizer;
        this.learningRate = Double.isNaN(b.learningRate) ? defaultLearningRate(b.optimizer) : b.learningRate;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.width = b.init != null ? b.init.width() : b.width;
        this.seed = b.seed;
        this.activation = b.init != null ? b.init.activation() : b.activation;
        this.init = b.init;
        this.lrDecay = b.lrDecay;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.hiddenBias = b.hiddenBias;
        this.trainOutputBias = b.trainOutputBias;
        this.timeLimitSeconds = b.timeLimitSeconds;
    }

    /** Default optimizer. */
    public static final Optimizer DEFAULT_OPTIMIZER = Optimizer.ADAM;
    /** Default number of epochs. */
    public static final int DEFAULT_EPOCHS = 100;
    /** Default mini-batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Default hidden width of the random init (also the CLI's {@code --width}). */
    public static final int DEFAULT_WIDTH = 100;

    /** The rule of a step size (named {@code setting}): finite and &gt; 0. */
    public static double checkLearningRate(String setting, double lr) {
        return Require.positiveFinite(setting, lr);
    }

    /** The rule of a hidden width (named {@code setting}): &ge; 1. */
    public static int checkWidth(String setting, int m) {
        return (int) Require.atLeast(setting, m, 1, "");
    }

    /** The rule of the mini-batch size: &ge; 0, 0 for full batch. */
    public static int checkBatchSize(int b) {
        return (int) Require.atLeast("batchSize", b, 0, " (0 = full batch)");
    }

    /** The rule of a time limit: &gt; 0 seconds (positive infinity for none). */
    public static double checkTimeLimit(double seconds) {
        return Require.seconds("timeLimitSeconds", seconds);
    }

    /** Default learning rate: 1e-3 for Adam, 1e-2 for SGD and GD. */
    public static double defaultLearningRate(Optimizer optimizer) {
        return optimizer == Optimizer.ADAM ? 1e-3 : 1e-2;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public double learningRate() {
        return learningRate;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public int width() {
        return width;
    }

    public long seed() {
        return seed;
    }

    public Activation activation() {
        return activation;
    }

    public double lrDecay() {
        return lrDecay;
    }

    public boolean hiddenBias() {
        return hiddenBias;
    }

    public boolean trainOutputBias() {
        return trainOutputBias;
    }

    /**
     * The starting network for inputs of dimension d and c outputs: the given {@code init} network, or a
     * He/Kaiming-style uniform draw: {@code W1 ~ U(±√(6/d))}, {@code b1 ~ U(±1/√d)} (0 when the hidden bias is not
     * trained), {@code W2 ~ U(±√(3/m))}, {@code b2 = 0}.
     */
    public TwoLayerNetwork initialNetwork(int d, int c) {
        if (init != null) {
            if (init.inputs() != d || init.outputs() != c) {
                throw new IllegalArgumentException("initial network is " + init.inputs() + " -> " + init.outputs()
                        + ", data is " + d + " -> " + c);
            }
            return init;
        }
        SplittableRandom rng = new SplittableRandom(seed).split();
        int m = width;
        double a1 = Math.sqrt(6.0 / d);
        double ab = 1.0 / Math.sqrt(d);
        double a2 = Math.sqrt(3.0 / m);
        double[] w1 = new double[m * d];
        double[] b1 = new double[m];
        double[] w2 = new double[c * m];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = uniform(rng, a1);
        }
        if (hiddenBias) {
            for (int i = 0; i < m; i++) {
                b1[i] = uniform(rng, ab);
            }
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = uniform(rng, a2);
        }
        return new TwoLayerNetwork(activation, Matrix.wrap(m, d, w1), b1, Matrix.wrap(c, m, w2), null, null, null);
    }

    private static double uniform(SplittableRandom rng, double bound) {
        return bound * (2 * rng.nextDouble() - 1);
    }

    /**
     * Trains on (x, y) and reports the objective F of spec §1.0.
     *
     * @param x             n x d inputs
     * @param y             n x c targets (±1 for logistic loss)
     * @param lambda        public weight decay λ ≥ 0
     * @param biasPenalized whether b1 is penalised
     */
    public NonConvexResult fit(Matrix x, Matrix y, Loss loss, double lambda, boolean biasPenalized) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        TwoLayerNetwork start = initialNetwork(x.cols(), y.cols());
        NetworkGradient.checkProblem(start, x, y, loss, lambda);
        checkFinite("x", x.data());
        checkFinite("y", y.data());
        long t0 = System.nanoTime();
        int n = x.rows();
        double[] xd = x.data();
        double[] yd = y.data();
        Backprop bp = Backprop.forNetwork(start, loss);
        double[] theta = bp.pack(start);
        double[] grad = new double[bp.size];
        double[] lastGood = theta.clone();
        double[] best = theta.clone();
        double[] mom = optimizer == Optimizer.ADAM ? new double[bp.size] : null;
        double[] vel = optimizer == Optimizer.ADAM ? new double[bp.size] : null;
        double[] history = new double[Math.min(epochs, 1024)];
        long deadline = Double.isInfinite(timeLimitSeconds) ? Long.MAX_VALUE
                : t0 + (long) Math.min(9.0e18, timeLimitSeconds * 1e9);
        boolean fullBatch = optimizer == Optimizer.GD || batchSize == 0 || batchSize >= n;
        int[] perm = fullBatch ? null : new int[n];
        if (perm != null) {
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
        }
        SplittableRandom shuffleRng = new SplittableRandom(seed);
        shuffleRng.split(); // the first split is the init stream
        shuffleRng = shuffleRng.split();

        double initial = fullBatch ? fullGradient(bp, theta, xd, yd, n, lambda, biasPenalized, grad)
                : objective(bp, theta, xd, yd, n, lambda, biasPenalized);
        double lastGoodF = initial;
        double bestF = initial;
        boolean diverged = !Double.isFinite(initial);
        int run = 0;
        long adamStep = 0;
        double lr = learningRate;
        for (int e = 0; e < epochs && !diverged; e++) {
            double f;
            if (fullBatch) {
                adamStep = step(theta, grad, lr, adamStep, mom, vel);
                f = fullGradient(bp, theta, xd, yd, n, lambda, biasPenalized, grad);
            } else {
                shuffle(perm, shuffleRng);
                for (int from = 0; from < n && (from == 0 || System.nanoTime() < deadline); from += batchSize) {
                    int to = Math.min(n, from + batchSize);
                    Arrays.fill(grad, 0.0);
                    bp.lossAndGradient(theta, xd, yd, perm, from, to, grad);
                    double inv = 1.0 / (to - from);
                    for (int i = 0; i < grad.length; i++) {
                        grad[i] *= inv;
                    }
                    bp.addPenaltyGradient(theta, lambda, biasPenalized, grad);
                    freeze(bp, grad);
                    adamStep = step(theta, grad, lr, adamStep, mom, vel);
                }
                f = objective(bp, theta, xd, yd, n, lambda, biasPenalized);
            }
            if (run == history.length) {
                history = Arrays.copyOf(history, (int) Math.min(epochs, 2L * history.length));
            }
            history[run++] = f;
            if (!Double.isFinite(f)) {
                diverged = true;
                break;
            }
            System.arraycopy(theta, 0, lastGood, 0, theta.length);
            lastGoodF = f;
            if (f < bestF) {
                bestF = f;
                System.arraycopy(theta, 0, best, 0, theta.length);
            }
            lr *= lrDecay;
            if (System.nanoTime() >= deadline) {
                break;
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        TwoLayerNetwork finalNet = bp.unpack(lastGood, start);
        TwoLayerNetwork bestNet = bp.unpack(best, start);
        return new NonConvexResult(finalNet, lastGoodF, bestNet, bestF, initial, Arrays.copyOf(history, run), run,
                seconds, diverged);
    }

    /** F at θ; also leaves ∇F (frozen parameters zeroed) in grad. */
    private double fullGradient(Backprop bp, double[] theta, double[] xd, double[] yd, int n, double lambda,
                                boolean biasPenalized, double[] grad) {
        Arrays.fill(grad, 0.0);
        double s = bp.lossAndGradient(theta, xd, yd, null, 0, n, grad);
        double inv = 1.0 / n;
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= inv;
        }
        bp.addPenaltyGradient(theta, lambda, biasPenalized, grad);
        freeze(bp, grad);
        return s * inv + bp.penalty(theta, lambda, biasPenalized);
    }

    private static double objective(Backprop bp, double[] theta, double[] xd, double[] yd, int n, double lambda,
                                    boolean biasPenalized) {
        return bp.lossAndGradient(theta, xd, yd, null, 0, n, null) / n + bp.penalty(theta, lambda, biasPenalized);
    }

    private void freeze(Backprop bp, double[] grad) {
        if (!hiddenBias) {
            Arrays.fill(grad, bp.offB1, bp.offW2, 0.0);
        }
        if (!trainOutputBias) {
            Arrays.fill(grad, bp.offB2, bp.size, 0.0);
        }
    }

    /** One optimizer step; returns the updated Adam step count. Frozen entries have zero gradient and stay put. */
    private long step(double[] theta, double[] grad, double lr, long t, double[] mom, double[] vel) {
        if (optimizer != Optimizer.ADAM) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= lr * grad[i];
            }
            return t;
        }
        long t1 = t + 1;
        double c1 = 1 - Math.pow(beta1, t1);
        double c2 = 1 - Math.pow(beta2, t1);
        for (int i = 0; i < theta.length; i++) {
            double g = grad[i];
            mom[i] = beta1 * mom[i] + (1 - beta1) * g;
            vel[i] = beta2 * vel[i] + (1 - beta2) * g * g;
            theta[i] -= lr * (mom[i] / c1) / (Math.sqrt(vel[i] / c2) + epsilon);
        }
        return t1;
    }

    private static void shuffle(int[] perm, SplittableRandom rng) {
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
    }

    private static void checkFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has a non-finite entry at index " + i);
            }
        }
    }

    /** Builder; every setting has a default (see each method). */
    public static final class Builder {
        private Optimizer optimizer = DEFAULT_OPTIMIZER;
        private double learningRate = Double.NaN;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int width = DEFAULT_WIDTH;
        private boolean widthSet;
        private long seed = 0;
        private Activation activation = Activation.RELU;
        private TwoLayerNetwork init;
        private double lrDecay = 1.0;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private boolean hiddenBias = true;
        private boolean trainOutputBias;
        private double timeLimitSeconds = Double.POSITIVE_INFINITY;

        private Builder() {
        }

        /**
         * Wall-clock limit in seconds (&gt; 0; default none): training stops after the epoch (or mini-batch) during
         * which it is reached, so at least one step is always taken; {@code epochs} stays an upper bound.
         */
        public Builder timeLimitSeconds(double seconds) {
            this.timeLimitSeconds = checkTimeLimit(seconds);
            return this;
        }

        /** Default {@link Optimizer#ADAM}. */
        public Builder optimizer(Optimizer o) {
            this.optimizer = Objects.requireNonNull(o, "optimizer");
            return this;
        }

        /** Step size &gt; 0; default {@link #defaultLearningRate(Optimizer)}. */
        public Builder learningRate(double lr) {
            this.learningRate = checkLearningRate("learningRate", lr);
            return this;
        }

        /** Number of passes over the data (≥ 0); default {@link #DEFAULT_EPOCHS}. */
        public Builder epochs(int e) {
            this.epochs = (int) Require.atLeast("epochs", e, 0, "");
            return this;
        }

        /** Mini-batch size; 0 (or ≥ n) means full batch; default {@link #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int b) {
            this.batchSize = checkBatchSize(b);
            return this;
        }

        /** Hidden width m ≥ 1 of the random init; default {@link #DEFAULT_WIDTH}. Must match the width of an {@link #init} network. */
        public Builder width(int m) {
            this.width = checkWidth("width", m);
            this.widthSet = true;
            return this;
        }

        /** Seed of the random init and the batch shuffling; default 0. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Activation of the random init; default ReLU. An {@link #init} network keeps its own. */
        public Builder activation(Activation a) {
            this.activation = Objects.requireNonNull(a, "activation");
            return this;
        }

        /** Start from this network instead of a random init (null restores the random init). */
        public Builder init(TwoLayerNetwork net) {
            this.init = net;
            return this;
        }

        /** Learning-rate factor applied after each epoch (step decay), in (0, ∞); default 1. */
        public Builder lrDecay(double factor) {
            this.lrDecay = Require.positiveFinite("lrDecay", factor);
            return this;
        }

        /** Adam moments; defaults β1 = 0.9, β2 = 0.999, ε = 1e-8. */
        public Builder adam(double beta1, double beta2, double epsilon) {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)
                    || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("need 0 <= beta1, beta2 < 1 and epsilon > 0");
            }
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            return this;
        }

        /** Whether b1 is trained (default true); if false it stays at its initial value (0 for the random init). */
        public Builder hiddenBias(boolean train) {
            this.hiddenBias = train;
            return this;
        }

        /** Whether the unpenalised output bias b2 is trained (default false: fixed at its initial value). */
        public Builder trainOutputBias(boolean train) {
            this.trainOutputBias = train;
            return this;
        }

        public NonConvexTrainer build() {
            if (init != null && widthSet && init.width() != width) {
                throw new IllegalArgumentException("width " + width + " does not match the initial network's width "
                        + init.width());
            }
            return new NonConvexTrainer(this);
        }
    }
}
