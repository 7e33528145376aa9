package org.convexnn.io;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Activation;

/**
 * Writes a trained two-layer network as an ONNX model (opset 13), encoded in the protobuf wire format of the ONNX
 * schema with protobuf-java. The graph maps the input {@code x} (N x d, raw features) to {@code y} (N x c, the raw
 * outputs that {@code predict} writes):
 * <pre>
 *   s = x·W1ᵀ + b1
 *   h = c₊·Relu(s) + c₋·(s − Relu(s))          (ReLU, leaky ReLU, absolute value, linear)
 *   h = s ∘ Cast(x·Gᵀ + g ≥ 0)                   (gated ReLU: fixed gates G, g)
 *   y = h·W2ᵀ + b2
 * </pre>
 * so every activation the engine recovers is exported exactly, with the {@code ≥} tie convention. The element type
 * is float64 (agreeing with the Java forward pass to rounding) or float32.
 */
public final class OnnxExport {
    /** ONNX IR version written (the one that goes with opset 13). */
    public static final int IR_VERSION = 7;
    /** The default-domain opset the graph uses. */
    public static final int OPSET = 13;

    /** Element types of the ONNX schema's TensorProto.DataType. */
    public enum ElementType {
        FLOAT(1), DOUBLE(11);

        final int code;

        ElementType(int code) {
            this.code = code;
        }
    }

    private OnnxExport() {
    }

    /** Writes the network to {@code target} atomically. */
    public static void write(TwoLayerNetwork net, ElementType type, String producerVersion, Path target)
            throws IOException {
        byte[] bytes = model(net, type, producerVersion);
        AtomicFiles.write(target, out -> out.write(bytes));
    }

    /** The serialised ONNX ModelProto of the network. */
    public static byte[] model(TwoLayerNetwork network, ElementType type, String producerVersion) {
        TwoLayerNetwork net = network.width() > 0 ? network : withOneZeroNeuron(network);
        Graph g = new Graph(type);
        int d = net.inputs();
        int m = net.width();
        int c = net.outputs();
        g.initializer("W1T", transpose(net.w1()));
        g.initializer("b1", Matrix.wrap(1, m, net.b1().clone()), m);
        g.initializer("W2T", transpose(net.w2()));
        g.initializer("b2", Matrix.wrap(1, c, net.b2().clone()), c);
        g.node("MatMul", "x_W1T", null, "x", "W1T");
        g.node("Add", "s", null, "x_W1T", "b1");
        if (net.isGated()) {
            g.initializer("GT", transpose(net.gates()));
            g.initializer("g", Matrix.wrap(1, m, net.gateBias().clone()), m);
            g.scalar("zero", 0.0);
            g.node("MatMul", "x_GT", null, "x", "GT");
            g.node("Add", "gate", null, "x_GT", "g");
            g.node("GreaterOrEqual", "open", null, "gate", "zero");
            g.node("Cast", "mask", type.code, "open");
            g.node("Mul", "h", null, "s", "mask");
        } else {
            Activation a = net.activation();
            g.scalar("c_pos", a.positive());
            g.scalar("c_neg", a.negative());
            g.node("Relu", "pos", null, "s");
            g.node("Sub", "neg", null, "s", "pos");
            g.node("Mul", "pos_c", null, "pos", "c_pos");
            g.node("Mul", "neg_c", null, "neg", "c_neg");
            g.node("Add", "h", null, "pos_c", "neg_c");
        }
        g.node("MatMul", "h_W2T", null, "h", "W2T");
        g.node("Add", "y", null, "h_W2T", "b2");
        byte[] graph = g.graph(d, c, "convexnn " + (net.isGated() ? "gated-relu" : net.activation().name()));
        return message(out -> {
            out.writeInt64(1, IR_VERSION);
            out.writeString(2, "convexnn");
            out.writeString(3, producerVersion);
            out.writeByteArray(7, graph);
            out.writeByteArray(8, message(op -> {
                op.writeString(1, "");
                op.writeInt64(2, OPSET);
            }));
        });
    }

    /** A network with no neuron predicts b2: the same network with one zero neuron (empty tensors avoided). */
    private static TwoLayerNetwork withOneZeroNeuron(TwoLayerNetwork net) {
        return new TwoLayerNetwork(net.activation(), Matrix.zeros(1, net.inputs()), new double[1],
                Matrix.zeros(net.outputs(), 1), net.b2(), net.isGated() ? Matrix.zeros(1, net.inputs()) : null,
                net.isGated() ? new double[1] : null);
    }

    private static Matrix transpose(Matrix a) {
        Matrix t = Matrix.zeros(a.cols(), a.rows());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                t.set(j, i, a.get(i, j));
            }
        }
        return t;
    }

    /** One protobuf message, written by {@code body}. */
    @FunctionalInterface
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance((OutputStream) bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The GraphProto under construction: nodes and initializers in order. */
    private static final class Graph {
        private final ElementType type;
        private final ByteArrayOutputStream nodes = new ByteArrayOutputStream();
        private final ByteArrayOutputStream initializers = new ByteArrayOutputStream();
        private int count;

        Graph(ElementType type) {
            this.type = type;
        }

        /** A NodeProto {@code output = opType(inputs)}, with Cast's {@code to} attribute when given. */
        void node(String opType, String output, Integer castTo, String... inputs) {
            append(nodes, 1, message(out -> {
                for (String in : inputs) {
                    out.writeString(1, in);
                }
                out.writeString(2, output);
                out.writeString(3, opType.toLowerCase(java.util.Locale.ROOT) + "_" + (count++));
                out.writeString(4, opType);
                if (castTo != null) {
                    out.writeByteArray(5, message(attr -> {
                        attr.writeString(1, "to");
                        attr.writeInt64(3, castTo);
                        attr.writeEnum(20, 2); // AttributeType INT
                    }));
                }
            }));
        }

        /** A TensorProto initializer: a matrix (rows x cols), or a vector of {@code length} when given. */
        void initializer(String name, Matrix value, int... length) {
            long[] dims = length.length == 1 ? new long[] {length[0]} : new long[] {value.rows(), value.cols()};
            append(initializers, 5, tensor(name, dims, value.data()));
        }

        /** A scalar initializer (rank 0). */
        void scalar(String name, double v) {
            append(initializers, 5, tensor(name, new long[0], new double[] {v}));
        }

        private byte[] tensor(String name, long[] dims, double[] data) {
            return message(out -> {
                for (long dim : dims) {
                    out.writeInt64(1, dim);
                }
                out.writeInt32(2, type.code);
                out.writeString(8, name);
                out.writeByteArray(9, raw(data));
            });
        }

        /** Little-endian raw data of the element type. */
        private byte[] raw(double[] data) {
            ByteBuffer b = ByteBuffer.allocate(data.length * (type == ElementType.DOUBLE ? 8 : 4))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (double v : data) {
                if (type == ElementType.DOUBLE) {
                    b.putDouble(v);
                } else {
                    b.putFloat((float) v);
                }
            }
            return b.array();
        }

        /** The GraphProto: nodes, name, initializers, input x (N x d) and output y (N x c). */
        byte[] graph(int d, int c, String name) {
            byte[] n = nodes.toByteArray();
            byte[] init = initializers.toByteArray();
            return message(out -> {
                out.writeRawBytes(n);
                out.writeString(2, name);
                out.writeRawBytes(init);
                out.writeByteArray(11, valueInfo("x", d));
                out.writeByteArray(12, valueInfo("y", c));
            });
        }

        /** A ValueInfoProto of a tensor of the element type with shape (N, width), N symbolic. */
        private byte[] valueInfo(String name, int width) {
            byte[] shape = message(s -> {
                s.writeByteArray(1, message(dim -> dim.writeString(2, "N")));
                s.writeByteArray(1, message(dim -> dim.writeInt64(1, width)));
            });
            byte[] tensorType = message(t -> {
                t.writeInt32(1, type.code);
                t.writeByteArray(2, shape);
            });
            return message(out -> {
                out.writeString(1, name);
                out.writeByteArray(2, message(tp -> tp.writeByteArray(1, tensorType)));
            });
        }

        /** Appends one length-delimited field to a buffer of repeated fields. */
        private static void append(ByteArrayOutputStream buffer, int field, byte[] value) {
            byte[] one = message(out -> out.writeByteArray(field, value));
            buffer.write(one, 0, one.length);
        }
    }
}
