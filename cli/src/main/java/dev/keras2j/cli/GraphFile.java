package dev.keras2j.cli;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.plot.ModelPicture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** {@code inspect --graph OUT}: the model's layer graph written to OUT, in the format its extension names. */
final class GraphFile {
    private GraphFile() {
    }

    static void write(CheckedModel model, Path out) {
        ModelPicture.Format format = ModelPicture.Format.ofFileName(out.getFileName().toString());
        if (format == null) {
            throw new UsageException("--graph " + out + ": the file name must end in .svg, .png or .dot");
        }
        byte[] bytes = ModelPicture.render(model, format);
        try {
            AtomicWrite.bytes(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write the graph: " + e.getMessage(), e);
        }
    }
}
