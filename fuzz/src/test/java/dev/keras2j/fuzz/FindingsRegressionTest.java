package dev.keras2j.fuzz;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every input the mutation runner found before its fix ({@code src/test/resources/findings/findings.tsv}: the
 * saved input, its target, what it did then, and the fixture read with it) now ends in success or keras2j's
 * own one-line exception naming the file.
 */
class FindingsRegressionTest {
    private static final Path FINDINGS = Path.of("src/test/resources/findings");

    @TestFactory
    List<DynamicTest> everyFindingIsFixed() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(FINDINGS.resolve("findings.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length < 4 || f[0].isBlank()) {
                continue;
            }
            Target target = Target.valueOf(f[1]);
            Path input = FINDINGS.resolve(f[0]);
            Path companion = f[3].isEmpty() ? null : Path.of("..").resolve(f[3]);
            tests.add(DynamicTest.dynamicTest(f[0] + " (was " + f[2] + ")", () -> {
                Path dir = Files.createTempDirectory("keras2j-finding-");
                try {
                    Path file = Files.copy(input, dir.resolve(target.fileName()));
                    Path c = companion == null ? null
                            : Files.copy(companion, dir.resolve(target == Target.WEIGHTS_H5 ? "model.json" : "model.weights.h5"));
                    Throwable thrown = null;
                    try {
                        target.run(file, c);
                    } catch (Throwable t) {
                        thrown = t;
                    }
                    Outcome outcome = Outcome.of(thrown, file.toString(), c == null ? null : c.toString());
                    assertThat(outcome.finding()).as(outcome + ": " + thrown).isFalse();
                } finally {
                    MutationRunner.deleteTree(dir);
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
        return tests;
    }
}
