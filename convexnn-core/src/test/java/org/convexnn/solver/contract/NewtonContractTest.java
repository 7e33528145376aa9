package org.convexnn.solver.contract;

import org.convexnn.program.Formulation;
import org.convexnn.solver.ConvexSolver;

/** The solver contract for Newton. */
class NewtonContractTest extends ConvexSolverContract {
    @Override
    protected ConvexSolver solver() {
        return new org.convexnn.solver.NewtonAugmentedLagrangian(org.convexnn.solver.NewtonSettings.DEFAULT);
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
