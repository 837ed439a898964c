package dev.keras2j.plot;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.ModelChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ModelPictureTest {
    private static final Path MODELS = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models");

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(MODELS)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static CheckedModel read(String name) {
        Path dir = MODELS.resolve(name);
        Path keras = dir.resolve(name + ".keras");
        return ModelChecker.check(KerasModelReader.read(Files.exists(keras) ? keras : dir.resolve(name + ".h5"), null));
    }

    /** Every fixture keras2j reads is drawn with every input and layer name as text, inside the page. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureIsDrawnWithEveryLayerName(String name) {
        CheckedModel m;
        try {
            m = read(name);
        } catch (Keras2jException refusedOnRead) {
            return; // Lambda and the like: inspect itself refuses these, there is nothing to draw.
        }
        String svg = new String(ModelPicture.render(m, ModelPicture.Format.SVG), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<?xml").contains("<svg");
        for (InputSpec in : m.spec().inputs()) {
            assertThat(svg).contains(">" + in.name() + "<");
        }
        for (CheckedLayer l : m.layers()) {
            assertThat(svg).contains(">" + l.name() + "<");
        }
        GraphLayout layout = ElkGraphLayout.layout(LayerGraph.of(m));
        assertThat(layout.arrows()).hasSameSizeAs(LayerGraph.of(m).arrows());
        assertNoOverlap(layout);
    }

    private static void assertNoOverlap(GraphLayout layout) {
        List<GraphLayout.PlacedBox> boxes = layout.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            GraphLayout.PlacedBox a = boxes.get(i);
            assertThat(a.x()).isGreaterThanOrEqualTo(0);
            assertThat(a.x() + a.w()).isLessThanOrEqualTo(layout.width());
            assertThat(a.y() + a.h()).isLessThanOrEqualTo(layout.height());
            for (int j = i + 1; j < boxes.size(); j++) {
                GraphLayout.PlacedBox b = boxes.get(j);
                boolean apart = a.x() + a.w() <= b.x() || b.x() + b.w() <= a.x()
                        || a.y() + a.h() <= b.y() || b.y() + b.h() <= a.y();
                assertThat(apart).as(a.box().name() + " and " + b.box().name() + " overlap").isTrue();
            }
        }
    }

    @Test
    void branchesAndMergesAreArrowsBetweenTheRightBoxes() {
        LayerGraph g = LayerGraph.of(read("functional_residual_cnn"));
        Set<String> arrows = new HashSet<>();
        g.arrows().forEach(a -> arrows.add(a.from() + "->" + a.to()));
        // The input feeds both the conv branch and the concatenation; the residual add merges two paths.
        assertThat(arrows).contains("input_layer->conv2d", "input_layer->concatenate", "conv2d->add",
                "batch_normalization->add");
        assertThat(g.boxes().stream().filter(b -> b.output() == 0).map(LayerGraph.Box::name)).containsExactly("dense");
    }

    @Test
    void severalInputsAreSeparateInputBoxes() {
        LayerGraph g = LayerGraph.of(read("functional_two_inputs"));
        assertThat(g.boxes().stream().filter(b -> b.kind() == LayerGraph.Kind.INPUT).map(LayerGraph.Box::name))
                .containsExactly("features", "metadata");
    }

    @Test
    void aRefusedLayerIsRedWithItsReason() {
        LayerGraph g = new LayerGraph(List.of(
                new LayerGraph.Box("x", "x", "InputLayer", "(None, 4, 3)", 0, 1, LayerGraph.Kind.INPUT, null, -1),
                new LayerGraph.Box("lstm", "lstm", "LSTM", "(None, 2)", 56, 1, LayerGraph.Kind.REFUSED,
                        "stateful is not supported: the state carried between batches is not kept", 0)),
                List.of(new LayerGraph.Arrow("x", "lstm")), List.of());
        String svg = ModelPicture.svg(ElkGraphLayout.layout(g));
        assertThat(svg).contains(">refused: stateful is not supported: the").contains("carried between").contains("rgb(192,57,43)");
    }

    @Test
    void pngIsAPictureWithInkOnIt() throws IOException {
        byte[] png = ModelPicture.render(read("shapes_cnn"), ModelPicture.Format.PNG);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(200);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(10);
    }

    @Test
    void dotListsEveryBoxAndArrow() {
        String dot = new String(ModelPicture.render(read("functional_branches"), ModelPicture.Format.DOT),
                StandardCharsets.UTF_8);
        assertThat(dot).startsWith("digraph").contains("\"dense\" -> \"add\";").contains("\"dense_1\" -> \"add\";")
                .contains("\"add\" -> \"dense_2\";");
    }

    /**
     * Nested models two levels deep, the outer one shared: one group per nested model (the shared one once, as
     * plot_model(expand_nested=True) draws it), the inner group inside the outer, each around its own layers.
     */
    @Test
    void nestedModelsAreGroupsInsideTheirParentsAroundTheirLayers() {
        for (String ext : new String[] {".keras", ".h5"}) {
            CheckedModel m = ModelChecker.check(KerasModelReader.read(
                    MODELS.resolve("nested_two_levels_shared/nested_two_levels_shared" + ext), null));
            LayerGraph graph = LayerGraph.of(m);
            assertThat(graph.groups()).containsExactly(
                    new LayerGraph.Group("encoder", "encoder", "Functional", 2, null, List.of("enc_hidden")),
                    new LayerGraph.Group("encoder/projection", "projection", "Sequential", 1, "encoder",
                            List.of("proj_hidden", "proj_out")));
            // Both calls of the shared encoder lead into it and out of it.
            assertThat(graph.arrows()).contains(new LayerGraph.Arrow("first", "enc_hidden"),
                    new LayerGraph.Arrow("second", "enc_hidden"), new LayerGraph.Arrow("proj_out", "both"));

            GraphLayout layout = ElkGraphLayout.layout(graph);
            assertNoOverlap(layout);
            GraphLayout.PlacedGroup encoder = placed(layout, "encoder");
            GraphLayout.PlacedGroup projection = placed(layout, "encoder/projection");
            assertInside(projection.x(), projection.y(), projection.w(), projection.h(), encoder, "projection");
            for (GraphLayout.PlacedGroup g : layout.groups()) {
                assertThat(g.w()).as("frame of " + g.group().id() + " holds its title")
                        .isGreaterThanOrEqualTo(ElkGraphLayout.titleWidth(g.group()) - 0.5);
            }
            for (GraphLayout.PlacedBox b : layout.boxes()) {
                String name = b.box().name();
                boolean inEncoder = name.startsWith("enc_") || name.startsWith("proj_");
                if (name.startsWith("proj_")) {
                    assertInside(b.x(), b.y(), b.w(), b.h(), projection, name);
                }
                if (inEncoder) {
                    assertInside(b.x(), b.y(), b.w(), b.h(), encoder, name);
                } else {
                    boolean apart = b.x() + b.w() <= encoder.x() || encoder.x() + encoder.w() <= b.x()
                            || b.y() + b.h() <= encoder.y() || encoder.y() + encoder.h() <= b.y();
                    assertThat(apart).as(name + " is outside the encoder's frame").isTrue();
                }
            }

            String svg = new String(ModelPicture.render(m, ModelPicture.Format.SVG), StandardCharsets.UTF_8);
            assertThat(svg).contains(">encoder (Functional, called 2 times)<").contains(">projection (Sequential)<");
            String dot = new String(ModelPicture.render(m, ModelPicture.Format.DOT), StandardCharsets.UTF_8);
            int outer = dot.indexOf("label=\"encoder (Functional, called 2 times)\"");
            int inner = dot.indexOf("label=\"projection (Sequential)\"");
            assertThat(outer).isPositive();
            assertThat(inner).isGreaterThan(outer);
            // The inner cluster is closed before the outer one: it is nested in it, with its layers.
            assertThat(dot.substring(inner)).contains("\"proj_hidden\" [").contains("\"proj_out\" [");
            assertThat(dot.substring(outer, inner)).contains("\"enc_hidden\" [").doesNotContain("\"both\" [");
        }
    }

    @Test
    void aModelWithoutNestedModelsHasNoGroups() {
        assertThat(LayerGraph.of(read("functional_residual_cnn")).groups()).isEmpty();
        assertThat(LayerGraph.of(read("nested_sequential_in_functional")).groups()).containsExactly(
                new LayerGraph.Group("stem", "stem", "Sequential", 1, null, List.of("stem_conv", "stem_bn")));
    }

    private static GraphLayout.PlacedGroup placed(GraphLayout layout, String id) {
        return layout.groups().stream().filter(g -> g.group().id().equals(id)).findFirst().orElseThrow();
    }

    private static void assertInside(double x, double y, double w, double h, GraphLayout.PlacedGroup g, String what) {
        assertThat(x >= g.x() && y >= g.y() && x + w <= g.x() + g.w() && y + h <= g.y() + g.h())
                .as(what + " inside the frame of " + g.group().id()).isTrue();
    }
}
