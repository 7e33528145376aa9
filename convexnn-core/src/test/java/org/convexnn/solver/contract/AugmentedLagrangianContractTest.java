package org.convexnn.solver.contract;

import org.convexnn.program.Formulation;
import org.convexnn.solver.ConvexSolver;

/** The solver contract for AugmentedLagrangian. */
class AugmentedLagrangianContractTest extends ConvexSolverContract {
    @Override
    protected ConvexSolver solver() {
        return new org.convexnn.solver.AugmentedLagrangianSolver();
    }

    @Override
    protected Formulation formulation() {
        return Formulation.CONE_CONSTRAINED;
    }

    /** The augmented Lagrangian reaches 1e-7 here but not 1e-9 in 200000 inner iterations (issue 16). */
    @Override
    protected double tolerance() {
        return 1e-7;
    }

    @Override
    protected boolean honoursIterationLimit() {
        return true;
    }
}
