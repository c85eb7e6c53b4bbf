/*
 * plot.h - small SVG charts without dependencies for `ecoroute bench --plot`:
 * a bar chart (gap per instance) and a line chart (best cost over time,
 * thread scaling). Each writes one self-contained SVG 1.1 file.
 */
#ifndef ECO_PLOT_H
#define ECO_PLOT_H

/* Bar chart: one bar per label; a NaN value is drawn as "n/a". Returns 0 on
 * success, -1 when the file cannot be written (errno set). */
int eco_plot_bars_svg(const char *path, const char *title, const char *ylabel, const char *const *labels,
                      const double *values, int n);

/* One series of a line chart: len points (x[i], y[i]), x increasing. */
typedef struct eco_plot_series {
    const char *name;      /* legend text */
    const double *x, *y;
    int len;
} eco_plot_series;

/* Line chart of n series; staircase = 1 draws steps (a best-so-far curve),
 * markers = 1 draws a dot at every point. Returns 0 or -1 as above. */
int eco_plot_lines_svg(const char *path, const char *title, const char *xlabel, const char *ylabel,
                       const eco_plot_series *series, int n, int staircase, int markers);

#endif /* ECO_PLOT_H */
