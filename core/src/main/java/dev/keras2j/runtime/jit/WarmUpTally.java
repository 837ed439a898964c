package dev.keras2j.runtime.jit;

/**
 * The rules of {@link WarmUpRace}, apart from its kernels and clock: rounds in, verdict out.
 *
 * <p>The vector path is used once its product has won {@link #WINS_NEEDED} rounds in a row and the other
 * kernels have allocated at most {@link #QUIET_BYTES} in {@link #QUIET_ROUNDS_NEEDED} rounds in a row (a
 * kernel that the interpreter or C1 still runs allocates its vectors). The gate loops are judged apart: C2
 * sometimes compiles them with a store left to the library's allocating fallback, for good. Once the rest
 * is ready they get {@link #GATES_GRACE_NANOS} more to become quiet, and otherwise stay on their scalar
 * loops, which give the same bits (what was seen: docs/benchmarks.md, "The warm-up race").
 */
final class WarmUpTally {
    /** Consecutive rounds the vector product must win before it is used. */
    static final int WINS_NEEDED = 20;
    /**
     * Bytes one round of ride-along kernels may allocate once C2 has compiled them all: the products' few
     * bookkeeping objects. A kernel that the interpreter or C1 still runs allocates its vectors, kilobytes.
     */
    static final long QUIET_BYTES = 2048;
    /** Consecutive quiet rounds before a group of kernels is used. */
    static final int QUIET_ROUNDS_NEEDED = 20;
    /**
     * How long the gates may stay noisy once everything else is ready, counted from when it last became ready
     * (C2 compiles them a second or two later).
     */
    static final long GATES_GRACE_NANOS = 5_000_000_000L;
    /**
     * The race gives up after this long: the vector path is then used if it wins, quiet or not, by the streak
     * above or by {@link #RECENT_WINS_AT_LIMIT} of the last {@link #RECENT_ROUNDS} rounds (on a crowded machine
     * a round the race thread spends preempted is lost at random, and a streak of 20 may never come).
     */
    static final long LIMIT_NANOS = 30_000_000_000L;
    /** The rounds the verdict at the time limit looks back on. */
    static final int RECENT_ROUNDS = 40;
    /** Wins among the {@link #RECENT_ROUNDS} last that make the vector path the faster at the time limit. */
    static final int RECENT_WINS_AT_LIMIT = 30;

    private final long start;
    private int wins;
    private int quiet;
    private int gatesQuiet;
    private long restReadySince = -1;
    private boolean finished;
    private boolean atLimit;
    private final boolean[] recent = new boolean[RECENT_ROUNDS];
    private int rounds;
    private int recentWins;

    /** @param startNanos the race's start on {@link System#nanoTime()}'s clock */
    WarmUpTally(long startNanos) {
        this.start = startNanos;
    }

    /**
     * Counts one round.
     *
     * @param now        {@link System#nanoTime()} after the round
     * @param vectorWon  whether the vector product beat the portable one
     * @param restBytes  what the ride-along kernels other than the gates allocated
     * @param gatesBytes what the gate loops allocated
     */
    void round(long now, boolean vectorWon, long restBytes, long gatesBytes) {
        wins = vectorWon ? wins + 1 : 0;
        int slot = rounds % RECENT_ROUNDS;
        recentWins += (vectorWon ? 1 : 0) - (rounds >= RECENT_ROUNDS && recent[slot] ? 1 : 0);
        recent[slot] = vectorWon;
        rounds++;
        quiet = restBytes <= QUIET_BYTES ? quiet + 1 : 0;
        gatesQuiet = gatesBytes <= QUIET_BYTES ? gatesQuiet + 1 : 0;
        boolean restReady = wins >= WINS_NEEDED && quiet >= QUIET_ROUNDS_NEEDED;
        if (!restReady) {
            restReadySince = -1;
        } else if (restReadySince < 0) {
            restReadySince = now;
        }
        atLimit = now - start >= LIMIT_NANOS;
        finished = (restReady && (gatesQuiet >= QUIET_ROUNDS_NEEDED || now - restReadySince >= GATES_GRACE_NANOS))
                || atLimit;
    }

    /** Whether the race is over: everything ready, the gates' grace spent, or the time limit reached. */
    boolean finished() {
        return finished;
    }

    /** Whether the vector path is to be used (for everything but the gates); final once {@link #finished()}. */
    boolean vectorReady() {
        return wins >= WINS_NEEDED || (atLimit && recentWins >= RECENT_WINS_AT_LIMIT);
    }

    /** Whether the vector gate loops are to be used too; final once {@link #finished()}. */
    boolean gatesReady() {
        return vectorReady() && gatesQuiet >= QUIET_ROUNDS_NEEDED;
    }
}
