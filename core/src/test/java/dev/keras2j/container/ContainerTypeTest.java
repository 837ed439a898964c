package dev.keras2j.container;

import dev.keras2j.model.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerTypeTest {
    @Test
    void aMissingFileAndADirectoryAreNamedAsSuch(@TempDir Path dir) {
        assertThatThrownBy(() -> ContainerType.detect(dir.resolve("absent.h5")))
                .isInstanceOf(ModelFormatException.class).hasMessageEndingWith(": file not found");
        assertThatThrownBy(() -> ContainerType.detect(dir))
                .isInstanceOf(ModelFormatException.class).hasMessageEndingWith(": not a regular file");
    }

    @Test
    void detectsByContent(@TempDir Path dir) throws IOException {
        Path json = Files.writeString(dir.resolve("model.bin"), "  {\"class_name\": \"Sequential\"}");
        Path zip = Files.write(dir.resolve("model.json"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThat(ContainerType.detect(json)).isEqualTo(ContainerType.JSON);
        assertThat(ContainerType.detect(zip)).isEqualTo(ContainerType.ZIP);
    }
}
