package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-layer comparison of the runtime's layer outputs against a reference's, to find where a model first
 * diverges from Keras. Layers are visited in the runtime's (model) order; only layers present on both sides
 * are compared.
 */
public final class LayerComparison {
    /** One compared layer. */
    public record Entry(String layer, Comparison comparison) {
    }

    private final List<Entry> entries;
    private final List<String> notInReference;
    private final List<String> notInRuntime;

    private LayerComparison(List<Entry> entries, List<String> notInReference, List<String> notInRuntime) {
        this.entries = List.copyOf(entries);
        this.notInReference = List.copyOf(notInReference);
        this.notInRuntime = List.copyOf(notInRuntime);
    }

    /** Compares with the default tolerances. */
    public static LayerComparison of(Map<String, NdArray> actualInModelOrder, Map<String, NdArray> expected) {
        return of(actualInModelOrder, expected, Comparison.DEFAULT_ATOL, Comparison.DEFAULT_RTOL);
    }

    /**
     * @param actualInModelOrder layer name → runtime output, iterated in model order (e.g. a LinkedHashMap)
     * @param expected           layer name → reference output, any order
     */
    public static LayerComparison of(Map<String, NdArray> actualInModelOrder, Map<String, NdArray> expected,
                                     double atol, double rtol) {
        List<Entry> entries = new ArrayList<>();
        List<String> notInReference = new ArrayList<>();
        for (Map.Entry<String, NdArray> e : actualInModelOrder.entrySet()) {
            NdArray reference = expected.get(e.getKey());
            if (reference == null) {
                notInReference.add(e.getKey());
            } else {
                entries.add(new Entry(e.getKey(), Comparison.of(e.getValue(), reference, atol, rtol)));
            }
        }
        List<String> notInRuntime = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!actualInModelOrder.containsKey(name)) {
                notInRuntime.add(name);
            }
        }
        return new LayerComparison(entries, notInReference, notInRuntime);
    }

    /** The compared layers, in model order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The first layer (in model order) whose output fails, if any. */
    public Optional<Entry> firstDivergent() {
        return entries.stream().filter(e -> !e.comparison().passed()).findFirst();
    }

    /** Name of the first layer (in model order) whose output fails, if any. */
    public Optional<String> firstDivergentLayer() {
        return firstDivergent().map(Entry::layer);
    }

    /** True when every compared layer passes (vacuously true if none could be compared). */
    public boolean passed() {
        return firstDivergent().isEmpty();
    }

    /** Runtime layers that the reference holds no output for, in model order. */
    public List<String> notInReference() {
        return notInReference;
    }

    /** Reference layers that the runtime produced no output for (e.g. layers folded away), in reference order. */
    public List<String> notInRuntime() {
        return notInRuntime;
    }
}
