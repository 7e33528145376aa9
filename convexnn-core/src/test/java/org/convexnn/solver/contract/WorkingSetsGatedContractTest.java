package org.convexnn.solver.contract;

import org.convexnn.program.Formulation;
import org.convexnn.solver.ConvexSolver;

/** The solver contract for WorkingSetsGated. */
class WorkingSetsGatedContractTest extends ConvexSolverContract {
    @Override
    protected ConvexSolver solver() {
        return new org.convexnn.solver.WorkingSetSolver(org.convexnn.solver.FistaSettings.DEFAULT);
    }

    @Override
    protected Formulation formulation() {
        return Formulation.GATED;
    }

    @Override
    protected boolean honoursIterationLimit() {
        return true;
    }
}
