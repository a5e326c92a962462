package org.fashionmnist.server.inference.input;

/**
 * A tensor read from JSON: its {@code count} values in row-major order, and the length of its lists at
 * each level of nesting ({@code [784]} for a flat list, {@code [2, 1, 28, 28]} for two nested images).
 */
public record TensorData(float[] values, int count, int[] nesting) {
}
