package dev.sanet.core.training;

/**
 * A learning-rate schedule over a run's global iterations, read by the trainers' optimizer at the
 * iteration the trainer sets before each step (not DJL's per-parameter update count), so that a
 * resumed run continues at exactly the rate an uninterrupted one would use. {@link PolySchedule}
 * (segmentation, the paper's) and {@link CosineSchedule} (ImageNet-style pretraining) implement it.
 */
public interface RateSchedule {

    /**
     * The base (backbone) rate at an iteration.
     *
     * @param t the 0-based iteration; values past the run's end give the final rate
     * @return the learning rate
     */
    double rate(long t);

    /**
     * The rate of one parameter at an iteration; schedules without per-parameter rates return
     * {@link #rate(long)}.
     *
     * @param parameterId a DJL parameter id ({@code Parameter.getId()})
     * @param t the 0-based iteration
     * @return the learning rate
     */
    double rate(String parameterId, long t);

    /**
     * Sets the iteration the next optimizer step uses.
     *
     * @param t the 0-based iteration
     */
    void setIteration(int t);

    /**
     * The iteration the next optimizer step uses.
     *
     * @return the 0-based iteration
     */
    int iteration();

    /**
     * Re-plans the run's length, e.g. when a time budget allows fewer epochs than planned. The rate
     * then follows the new T from the current iteration on.
     *
     * @param total the new T, &gt;= 1
     */
    void setTotalIterations(long total);
}
