package dev.keras2j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;

/** Reports a batch's progress as models finish; called from worker threads. */
interface BatchProgress extends AutoCloseable {
    void finished(BatchResult result);

    @Override
    void close();

    /** A progress bar (done/total, refusals and failures, rate, ETA) redrawn in place on a terminal. */
    static BatchProgress bar(int total, PrintStream terminal) {
        return new Bar(total, terminal, -1);
    }

    /** A progress bar drawn at most {@code width} characters wide (-1: the terminal's width). */
    static BatchProgress bar(int total, PrintStream terminal, int width) {
        return new Bar(total, terminal, width);
    }

    /** One line per finished model, for logs and pipes. */
    static BatchProgress lines(int total, PrintWriter out) {
        return new Lines(total, out);
    }

    final class Bar implements BatchProgress {
        private final ProgressBar bar;
        private int refused;
        private int failed;

        Bar(int total, PrintStream terminal, int width) {
            bar = new ProgressBarBuilder()
                    .setTaskName("keras2j batch")
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" models", 1)
                    .showSpeed()
                    .setSpeedUnit(java.time.temporal.ChronoUnit.MINUTES)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal, width))
                    .setUpdateIntervalMillis(200)
                    .build();
            bar.setExtraMessage(message(0, 0));
        }

        @Override
        public synchronized void finished(BatchResult result) {
            if (result.status() == BatchStatus.REFUSED) {
                refused++;
            } else if (!result.status().succeeded()) {
                failed++;
            }
            bar.setExtraMessage(message(refused, failed));
            bar.step();
        }

        /**
         * The bar's tail: refusals (a layer with no exact equivalent, as the summary counts them) apart from
         * failures (mismatch or error). The library appends it right after the rate, hence the leading space.
         */
        static String message(int refused, int failed) {
            return " " + refused + " refused, " + failed + " failed";
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    final class Lines implements BatchProgress {
        private final int total;
        private final PrintWriter out;
        private int done;

        Lines(int total, PrintWriter out) {
            this.total = total;
            this.out = out;
        }

        @Override
        public synchronized void finished(BatchResult r) {
            done++;
            String width = String.valueOf(total);
            out.printf("[%" + width.length() + "d/%s] %-9s %s%s (%.2f s)%s%n", done, width, r.status().id(),
                    r.source().relative(), r.output() == null ? "" : " -> " + r.output().getFileName(), r.seconds(),
                    r.status().succeeded() || r.reason() == null ? "" : ": " + r.reason());
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
