package dev.webtop.generate;

import java.util.Arrays;

/** Picks ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few popular, a long tail. */
final class Zipf {
    private final double[] cumulative;

    Zipf(int n, double exponent) {
        cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
    }

    /** The rank for a uniform number in [0, 1). */
    int rank(double uniform) {
        int at = Arrays.binarySearch(cumulative, uniform);
        int rank = at >= 0 ? at + 1 : -at - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
