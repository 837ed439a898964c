package dev.keras2j.runtime.jit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up race's rules, fed rounds by hand. */
class WarmUpTallyTest {
    private static final long MS = 1_000_000L;
    private static final long NOISY = WarmUpTally.QUIET_BYTES + 1;

    /** Feeds {@code rounds} rounds 1 ms apart from {@code from}; returns the clock after them. */
    private static long feed(WarmUpTally t, long from, int rounds, boolean won, long rest, long gates) {
        long now = from;
        for (int i = 0; i < rounds; i++) {
            now += MS;
            t.round(now, won, rest, gates);
        }
        return now;
    }

    @Test
    void everythingQuietAndWinningEndsTheRaceWithTheGatesOnVectors() {
        WarmUpTally t = new WarmUpTally(0);
        feed(t, 0, WarmUpTally.WINS_NEEDED - 1, true, 0, 0);
        assertThat(t.finished()).isFalse();
        feed(t, 100 * MS, 1, true, 0, 0);
        assertThat(t.finished()).isTrue();
        assertThat(t.vectorReady()).isTrue();
        assertThat(t.gatesReady()).isTrue();
    }

    @Test
    void aLostRoundOrANoisyRoundStartsTheCountAgain() {
        WarmUpTally t = new WarmUpTally(0);
        long now = feed(t, 0, WarmUpTally.WINS_NEEDED - 1, true, 0, 0);
        now = feed(t, now, 1, false, 0, 0);
        now = feed(t, now, WarmUpTally.WINS_NEEDED - 1, true, 0, 0);
        assertThat(t.finished()).isFalse();
        now = feed(t, now, 1, true, NOISY, 0);
        feed(t, now, WarmUpTally.QUIET_ROUNDS_NEEDED - 1, true, 0, 0);
        assertThat(t.finished()).isFalse();
    }

    @Test
    void gatesThatStayNoisyAreLeftScalarOnceTheirGraceIsSpentAndHoldNothingBack() {
        WarmUpTally t = new WarmUpTally(0);
        long ready = feed(t, 0, WarmUpTally.WINS_NEEDED, true, 0, 57_344);
        assertThat(t.finished()).isFalse();
        feed(t, ready, (int) (WarmUpTally.GATES_GRACE_NANOS / MS) - 1, true, 0, 57_344);
        assertThat(t.finished()).isFalse();
        t.round(ready + WarmUpTally.GATES_GRACE_NANOS, true, 0, 57_344);
        assertThat(t.finished()).isTrue();
        assertThat(t.vectorReady()).isTrue();
        assertThat(t.gatesReady()).isFalse();
    }

    @Test
    void theGatesGraceStartsAgainWhenTheRestLosesItsReadiness() {
        WarmUpTally t = new WarmUpTally(0);
        long now = feed(t, 0, WarmUpTally.WINS_NEEDED, true, 0, 57_344);
        now = feed(t, now, (int) (WarmUpTally.GATES_GRACE_NANOS / MS) - 10, true, 0, 57_344);
        now = feed(t, now, 1, false, 0, 57_344);
        long readyAgain = feed(t, now, WarmUpTally.WINS_NEEDED, true, 0, 57_344);
        feed(t, readyAgain, 100, true, 0, 57_344);
        assertThat(t.finished()).as("a fresh grace since the rest became ready again").isFalse();
        t.round(readyAgain + WarmUpTally.GATES_GRACE_NANOS, true, 0, 57_344);
        assertThat(t.finished()).isTrue();
        assertThat(t.gatesReady()).isFalse();
    }

    @Test
    void gatesThatTurnQuietWithinTheirGraceAreUsed() {
        WarmUpTally t = new WarmUpTally(0);
        long now = feed(t, 0, WarmUpTally.WINS_NEEDED, true, 0, 8_192);
        now = feed(t, now, 1000, true, 0, 8_192);
        assertThat(t.finished()).isFalse();
        feed(t, now, WarmUpTally.QUIET_ROUNDS_NEEDED, true, 0, 0);
        assertThat(t.finished()).isTrue();
        assertThat(t.gatesReady()).isTrue();
    }

    @Test
    void theTimeLimitEndsTheRaceAndTheVectorPathIsUsedOnlyIfItWins() {
        WarmUpTally winning = new WarmUpTally(0);
        long now = feed(winning, 0, WarmUpTally.WINS_NEEDED, true, NOISY, NOISY);
        winning.round(WarmUpTally.LIMIT_NANOS, true, NOISY, NOISY);
        assertThat(winning.finished()).isTrue();
        assertThat(winning.vectorReady()).isTrue();
        assertThat(winning.gatesReady()).isFalse();

        WarmUpTally losing = new WarmUpTally(5 * MS);
        feed(losing, now, 50, false, 0, 0);
        assertThat(losing.finished()).isFalse();
        losing.round(5 * MS + WarmUpTally.LIMIT_NANOS, false, 0, 0);
        assertThat(losing.finished()).isTrue();
        assertThat(losing.vectorReady()).isFalse();
        assertThat(losing.gatesReady()).isFalse();
    }

    @Test
    void atTheTimeLimitAProductThatWinsMostRecentRoundsIsUsedWithoutAStreak() {
        // A crowded machine: every fifth round lost, so no streak of WINS_NEEDED ever forms.
        WarmUpTally mostly = new WarmUpTally(0);
        long now = 0;
        for (int i = 0; i < 200; i++) {
            now += MS;
            mostly.round(now, i % 5 != 4, 0, 0);
        }
        assertThat(mostly.finished()).isFalse();
        mostly.round(WarmUpTally.LIMIT_NANOS, true, 0, 0);
        assertThat(mostly.finished()).isTrue();
        assertThat(mostly.vectorReady()).isTrue();

        // Half of them: not clearly the faster, so the portable path stays.
        WarmUpTally even = new WarmUpTally(0);
        now = 0;
        for (int i = 0; i < 200; i++) {
            now += MS;
            even.round(now, i % 2 == 0, 0, 0);
        }
        even.round(WarmUpTally.LIMIT_NANOS, false, 0, 0);
        assertThat(even.finished()).isTrue();
        assertThat(even.vectorReady()).isFalse();
    }
}
