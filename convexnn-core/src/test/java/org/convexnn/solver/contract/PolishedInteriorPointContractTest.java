package org.convexnn.solver.contract;

import org.convexnn.program.Formulation;
import org.convexnn.solver.ConvexSolver;

/** The solver contract for PolishedInteriorPoint. */
class PolishedInteriorPointContractTest extends ConvexSolverContract {
    @Override
    protected ConvexSolver solver() {
        return new org.convexnn.solver.PolishedInteriorPoint(org.convexnn.solver.InteriorPointSettings.DEFAULT, org.convexnn.solver.FistaSettings.DEFAULT);
    }

    @Override
    protected Formulation formulation() {
        return Formulation.CONE_CONSTRAINED;
    }

    @Override
    protected boolean honoursIterationLimit() {
        return false;
    }
}
