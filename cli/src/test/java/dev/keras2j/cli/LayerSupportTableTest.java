package dev.keras2j.cli;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.LayerSupport;
import dev.keras2j.runtime.RuntimeLayers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists every layer spec class with its support in the runtime ({@link RuntimeLayers}) and in each exporter
 * (its {@link LayerSupport}, read from the exporter's translation registry through {@link ServiceLoader}),
 * and fails when the README's "Layer support by engine" table says otherwise. An exporter column whose
 * exporter is not on the classpath must read {@code —} in every row; an exporter on the classpath must
 * have a column.
 */
class LayerSupportTableTest {
    private static final String HEADING = "### Layer support by engine";

    /** Every concrete {@link LayerSpec} subclass in the spec package, by simple name. */
    static Map<String, Class<? extends LayerSpec>> specClasses() throws IOException, URISyntaxException,
            ClassNotFoundException {
        String pkg = "dev/keras2j/model/layer/";
        Path location = Path.of(LayerSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> s = Files.list(location.resolve(pkg))) {
                s.map(p -> p.getFileName().toString()).forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(pkg) && n.indexOf('/', pkg.length()) < 0)
                        .map(n -> n.substring(pkg.length())).forEach(names::add);
            }
        }
        Map<String, Class<? extends LayerSpec>> out = new TreeMap<>();
        for (String file : names) {
            if (!file.endsWith(".class") || file.contains("$")) {
                continue;
            }
            Class<?> c = Class.forName(pkg.replace('/', '.') + file.substring(0, file.length() - 6));
            if (LayerSpec.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                out.put(c.getSimpleName(), c.asSubclass(LayerSpec.class));
            }
        }
        return out;
    }

    /** The README table: spec class to its cells by column name. */
    static Map<String, Map<String, String>> readmeTable(List<String> columns) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("keras2j.root", ".."), "README.md"));
        int at = lines.indexOf(HEADING);
        assertThat(at).as("README has a '%s' section", HEADING).isNotNegative();
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        List<String> header = null;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("|")) {
                if (header != null) {
                    break;
                }
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : line.substring(1, line.length() - 1).split("\\|")) {
                cells.add(c.trim().replace("`", ""));
            }
            if (header == null) {
                header = cells;
                columns.addAll(cells.subList(1, cells.size()));
            } else if (!cells.get(0).startsWith("---")) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int k = 1; k < cells.size(); k++) {
                    row.put(header.get(k), cells.get(k));
                }
                table.put(cells.get(0), row);
            }
        }
        return table;
    }

    @Test
    void readmeTableMatchesTheRegistries() throws Exception {
        Map<String, Class<? extends LayerSpec>> specs = specClasses();
        assertThat(specs).as("spec classes found").containsKeys("DenseSpec", "ConvSpec", "LstmSpec", "GruSpec");
        Map<String, LayerSupport> exporters = new TreeMap<>();
        for (LayerSupport s : ServiceLoader.load(LayerSupport.class)) {
            exporters.put(s.name(), s);
        }
        assertThat(exporters).as("the DL4J exporter registers its support").containsKey("DL4J");

        List<String> columns = new ArrayList<>();
        Map<String, Map<String, String>> readme = readmeTable(columns);
        assertThat(columns).as("README columns").startsWith("runtime").containsAll(exporters.keySet());

        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (Map.Entry<String, Class<? extends LayerSpec>> e : specs.entrySet()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String column : columns) {
                String cell;
                if (column.equals("runtime")) {
                    cell = yesNo(RuntimeLayers.implemented(e.getValue()));
                } else if (exporters.containsKey(column)) {
                    cell = yesNo(exporters.get(column).translates(e.getValue()));
                } else {
                    cell = "—";
                }
                row.put(column, cell);
            }
            expected.put(e.getKey(), row);
        }
        assertThat(new TreeSet<>(readme.keySet())).as("README rows (one per spec class)").isEqualTo(expected.keySet());
        for (String spec : expected.keySet()) {
            assertThat(readme.get(spec)).as("README row %s", spec).isEqualTo(expected.get(spec));
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
