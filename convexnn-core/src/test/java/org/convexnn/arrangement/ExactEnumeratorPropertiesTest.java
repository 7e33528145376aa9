package org.convexnn.arrangement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.convexnn.arrangement.CellEnumerator.Algorithm;
import org.convexnn.linalg.Matrix;

/** Small integer matrices (ties, parallel rows, zero rows, rank deficiency) against the brute force. */
class ExactEnumeratorPropertiesTest {

    @Provide
    Arbitrary<Matrix> smallIntegerMatrices() {
        return Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.integers().between(1, 4))
                .flatAs((n, d) -> Arbitraries.integers().between(-2, 2).list().ofSize(n * d).map(v -> {
                    double[] a = new double[n * d];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = v.get(i);
                    }
                    return Matrix.wrap(n, d, a);
                }));
    }

    @Property(tries = 300)
    void matchesBruteForce(@ForAll("smallIntegerMatrices") Matrix x) {
        var want = ExactEnumeratorTest.bruteForce(x);
        for (Algorithm alg : List.of(Algorithm.AUTO, Algorithm.LP)) {
            EnumerationResult r = ExactEnumerator.enumerateWithStats(x, Long.MAX_VALUE, alg);
            ExactEnumeratorTest.checkInvariants(x, r.patterns());
            assertEquals(want, ExactEnumeratorTest.keys(r.patterns()), alg.toString());
            assertTrue(r.cells() <= ExactEnumerator.predictedCount(x));
            assertTrue(r.patterns().size() == r.cells() || r.patterns().size() == r.cells() - 1);
        }
    }

    @Property(tries = 100)
    void biasedIntegerDataMatchesBruteForce(@ForAll("smallIntegerMatrices") Matrix x) {
        matchesBruteForce(x.withOnesColumn());
    }
}
