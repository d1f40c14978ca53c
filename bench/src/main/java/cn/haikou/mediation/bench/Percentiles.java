package cn.haikou.mediation.bench;

import java.util.Arrays;

/** Collects latency samples (milliseconds) and reports percentiles. Not thread-safe: one per thread, then merge. */
final class Percentiles {

    private double[] values = new double[1024];
    private int size;

    void add(double millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    void addAll(Percentiles other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return size;
    }

    double at(double quantile) {
        if (size == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted[Math.min(size - 1, (int) Math.ceil(quantile * size) - 1)];
    }
}
