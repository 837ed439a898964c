package dev.keras2j.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchProgressTest {
    private static BatchResult result(String name, BatchStatus status) {
        return new BatchResult(new ModelSource(Path.of(name), null, name), null, status, null, null, null,
                List.of(), -1, null, 0.1);
    }

    @Test
    void theBarCountsRefusalsApartFromFailuresAfterASpace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BatchProgress bar = BatchProgress.bar(5, new PrintStream(bytes, true, StandardCharsets.UTF_8), 200)) {
            bar.finished(result("a.h5", BatchStatus.CONVERTED));
            bar.finished(result("b.h5", BatchStatus.REFUSED));
            bar.finished(result("c.h5", BatchStatus.REFUSED));
            bar.finished(result("d.h5", BatchStatus.ERROR));
            bar.finished(result("e.h5", BatchStatus.MISMATCH));
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        // The last redraw holds the final counts; the rate's unit and the counts are separated by a space.
        assertThat(drawn).contains("models/min 2 refused, 2 failed").doesNotContain("min2");
    }
}
