/**
 * Reference data: reading and writing NumPy {@code .npy}/{@code .npz} arrays, loading reference inputs and
 * expected outputs in the layouts keras2j meets ({@link dev.keras2j.reference.Reference}), and comparing
 * actual against expected outputs ({@link dev.keras2j.reference.Comparison},
 * {@link dev.keras2j.reference.LayerComparison}).
 */
package dev.keras2j.reference;
