package org.convexnn.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convexnn.solver.ipm.ConicStatus;
import org.junit.jupiter.api.Test;

class ProgramSocpTest {

    @Test
    void everyConicStatusMapsToTheSolveStatusOfTheSameMeaning() {
        for (ConicStatus s : ConicStatus.values()) {
            assertEquals(s.name(), ProgramSocp.solveStatus(s).name());
        }
    }
}
