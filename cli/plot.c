/*
 * plot.c - SVG charts for the benchmark harness, written by hand: axes with
 * "nice" ticks, bars or lines, a title and a legend. Text is XML-escaped; the
 * output is plain SVG 1.1 that browsers, image viewers and XML parsers read.
 */
#include <math.h>
#include <stdio.h>

#include "plot.h"

#define W 900.0
#define H 480.0
#define ML 80.0  /* left margin, px */
#define MR 30.0
#define MT 50.0
#define MB 110.0 /* room for rotated labels */

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

static void put_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, f);
        }
    }
}

/* A tick step of 1, 2 or 5 x 10^k giving about 5 ticks over span. */
static double nice_step(double span)
{
    if (!(span > 0) || !isfinite(span))
        return 1.0;
    double raw = span / 5.0, p = pow(10.0, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0) * p;
}

static void header(FILE *f, const char *title)
{
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
               "<text x=\"%.0f\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">",
            W, H, W, H, W / 2);
    put_text(f, title);
    fputs("</text>\n", f);
}

/* Y axis from lo to hi with grid lines; returns the step used. */
static void y_axis(FILE *f, double lo, double hi, const char *ylabel)
{
    double step = nice_step(hi - lo);
    for (double t = ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
        double y = H - MB - (t - lo) / (hi - lo) * (H - MT - MB);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", ML, y, W - MR, y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", ML - 6, y + 4,
                fabs(t) < step * 1e-9 ? 0.0 : t);
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", ML, MT, ML, H - MB);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", ML, H - MB, W - MR,
            H - MB);
    fprintf(f, "<text transform=\"translate(18,%.1f) rotate(-90)\" text-anchor=\"middle\">", (MT + H - MB) / 2);
    put_text(f, ylabel);
    fputs("</text>\n", f);
}

static int finish(FILE *f)
{
    fputs("</svg>\n", f);
    int bad = ferror(f);
    return fclose(f) != 0 || bad ? -1 : 0;
}

int eco_plot_bars_svg(const char *path, const char *title, const char *ylabel, const char *const *labels,
                      const double *values, int n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(values[i]))
            continue;
        lo = fmin(lo, values[i]);
        hi = fmax(hi, values[i]);
    }
    if (hi - lo <= 0)
        hi = lo + 1;
    hi += (hi - lo) * 0.08;
    header(f, title);
    y_axis(f, lo, hi, ylabel);
    double slot = (W - ML - MR) / (n > 0 ? n : 1), bw = slot * 0.7;
    double y0 = H - MB - (0 - lo) / (hi - lo) * (H - MT - MB);
    for (int i = 0; i < n; i++) {
        double x = ML + slot * i + (slot - bw) / 2, cx = x + bw / 2;
        if (isnan(values[i])) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#888\">n/a</text>\n", cx, y0 - 4);
        } else {
            double y = H - MB - (values[i] - lo) / (hi - lo) * (H - MT - MB);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x,
                    fmin(y, y0), bw, fabs(y0 - y), colours[0]);
            put_text(f, labels[i]);
            fprintf(f, ": %.2f</title></rect>\n", values[i]);
            if (n <= 40)
                fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%.2f</text>\n", cx,
                        fmin(y, y0) - 3, values[i]);
        }
        fprintf(f, "<text transform=\"translate(%.1f,%.1f) rotate(-45)\" text-anchor=\"end\" font-size=\"10\">", cx,
                H - MB + 12);
        put_text(f, labels[i]);
        fputs("</text>\n", f);
    }
    return finish(f);
}

int eco_plot_lines_svg(const char *path, const char *title, const char *xlabel, const char *ylabel,
                       const eco_plot_series *series, int n, int staircase, int markers)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (int s = 0; s < n; s++)
        for (int i = 0; i < series[s].len; i++) {
            xlo = fmin(xlo, series[s].x[i]);
            xhi = fmax(xhi, series[s].x[i]);
            ylo = fmin(ylo, series[s].y[i]);
            yhi = fmax(yhi, series[s].y[i]);
        }
    if (!isfinite(xlo)) {
        xlo = 0;
        xhi = 1;
        ylo = 0;
        yhi = 1;
    }
    if (xhi - xlo <= 0)
        xhi = xlo + 1;
    if (yhi - ylo <= 0) {
        ylo -= 0.5;
        yhi += 0.5;
    }
    double pad = (yhi - ylo) * 0.05;
    ylo -= pad;
    yhi += pad;
    header(f, title);
    y_axis(f, ylo, yhi, ylabel);
    double step = nice_step(xhi - xlo);
    for (double t = ceil(xlo / step) * step; t <= xhi + step * 1e-9; t += step) {
        double x = ML + (t - xlo) / (xhi - xlo) * (W - ML - MR);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", x, H - MB, x,
                H - MB + 5);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n", x, H - MB + 20, t);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (ML + W - MR) / 2, H - MB + 45);
    put_text(f, xlabel);
    fputs("</text>\n", f);
    for (int s = 0; s < n; s++) {
        const char *col = colours[s % (int)(sizeof colours / sizeof colours[0])];
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
        double py = 0;
        for (int i = 0; i < series[s].len; i++) {
            double x = ML + (series[s].x[i] - xlo) / (xhi - xlo) * (W - ML - MR);
            double y = H - MB - (series[s].y[i] - ylo) / (yhi - ylo) * (H - MT - MB);
            if (staircase && i > 0)
                fprintf(f, "%.1f,%.1f ", x, py);
            fprintf(f, "%.1f,%.1f ", x, y);
            py = y;
        }
        fputs("\"/>\n", f);
        for (int i = 0; markers && i < series[s].len; i++) {
            double x = ML + (series[s].x[i] - xlo) / (xhi - xlo) * (W - ML - MR);
            double y = H - MB - (series[s].y[i] - ylo) / (yhi - ylo) * (H - MT - MB);
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%g: %g</title></circle>\n", x, y,
                    col, series[s].x[i], series[s].y[i]);
        }
        double ly = H - 25 - 16.0 * (n - 1 - s);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>\n", ML, ly - 4, col);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", ML + 20, ly);
        put_text(f, series[s].name);
        fputs("</text>\n", f);
    }
    return finish(f);
}
