package dev.keras2j.model;

/**
 * One level of where a layer came from when it belongs to a model nested inside the model
 * ({@link LayerNode#scope()}): keras2j flattens nested models into one graph, which runs the same, and keeps
 * their boundaries only to show them (pictures, {@code inspect}).
 *
 * @param name      the nested model's name in the model that contains it
 * @param className its Keras class: {@code Sequential}, {@code Functional} or {@code Model}
 * @param calls     how many times the model that contains it calls it (more than once: a shared nested
 *                  model, whose layers have that many times their own calls)
 */
public record ModelScope(String name, String className, int calls) {
    /** Compact constructor: a name and class are required, and a nested model is called at least once. */
    public ModelScope {
        if (name == null || name.isBlank() || className == null || className.isBlank()) {
            throw new IllegalArgumentException("a nested model needs a name and a class, got '" + name + "' ("
                    + className + ")");
        }
        if (calls < 1) {
            throw new IllegalArgumentException("nested model '" + name + "' is called " + calls + " times");
        }
    }
}
