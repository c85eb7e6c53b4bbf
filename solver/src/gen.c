/*
 * gen.c - `ecoroute gen`: realistic, reproducible city instances written as
 * native JSON model text (README "Native JSON model").
 *
 * The city is a preset (real bounding box, approximate locations of campuses,
 * a depot, baling sites in industrial areas and a recycler outside the city)
 * or a bounding box given by the caller. Boxes are placed as Gaussian
 * clusters around campuses and residential districts, plus street boxes
 * spread uniformly; every box gets a material, a capacity, a fill level and a
 * fill rate chosen so that about full_share of the boxes are mandatory today,
 * half of the rest optional (they reach the threshold by tomorrow) and half
 * below it. The fleet is sized from an estimate of the day's work.
 *
 * Reproducibility: the text depends on the options only. Random numbers come
 * from xoshiro256** seeded through splitmix64 with the seed and a stream name,
 * one stream per aspect; Gaussian draws sum uniforms (no log/cos), the cosine
 * of the latitude is a Taylor series, and numbers are printed from integers
 * or with fixed precision, so no libm or locale difference can change a byte.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecoroute/gen.h"
#include "model.h"

#define FILL_THRESHOLD_MILLI 800 /* options.fill_threshold = 0.8 */
#define FILL_MARGIN_MILLI 5      /* classes stay 0.005 away from the threshold */
#define EARTH_RADIUS_M 6371008.8
#define DEG_TO_RAD 0.017453292519943295
#define MAX_JSON_BYTES ((size_t)256 << 20) /* cap on the generated text */
#define MAX_NAME_LEN 200

/* ---- random numbers: splitmix64 seeding, xoshiro256** ---- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* One independent stream per aspect: the key names the stream and whatever
 * fixes its meaning (place, number of boxes). */
static void rng_seed(rng *r, uint64_t seed, const char *key)
{
    uint64_t x = seed ^ fnv1a(key);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static double rng_unif(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi]. */
static int rng_int(rng *r, int lo, int hi)
{
    uint64_t span = (uint64_t)((int64_t)hi - lo + 1);
    return lo + (int)(((rng_next(r) >> 32) * span) >> 32);
}

static double rng_range(rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_unif(r);
}

/* Standard normal approximation: sum of 12 uniforms minus 6 (Irwin-Hall),
 * bounded to [-6, 6], made of additions only. */
static double rng_gauss(rng *r)
{
    double s = 0.0;
    for (int i = 0; i < 12; i++)
        s += rng_unif(r);
    return s - 6.0;
}

/* ---- deterministic geometry ---- */

/* cos(x) for |x| <= pi/2 by its Taylor series (exact to double precision
 * there); no libm call so every platform gets the same bits. */
static double cos_rad(double x)
{
    double x2 = x * x, term = 1.0, sum = 1.0;
    for (int k = 1; k <= 14; k++) {
        term = -term * x2 / (double)((2 * k - 1) * (2 * k));
        sum += term;
    }
    return sum;
}

/* Local flat projection around a reference latitude: metres per degree. */
typedef struct proj {
    double m_per_deg_lat, m_per_deg_lon;
} proj;

static proj proj_make(double lat0)
{
    proj p;
    p.m_per_deg_lat = EARTH_RADIUS_M * DEG_TO_RAD;
    p.m_per_deg_lon = p.m_per_deg_lat * cos_rad(lat0 * DEG_TO_RAD);
    return p;
}

/* Straight-line distance in metres (for estimates only; the model computes
 * its own travel times). */
static double dist_m(const proj *p, double lon1, double lat1, double lon2, double lat2)
{
    double dx = (lon2 - lon1) * p->m_per_deg_lon, dy = (lat2 - lat1) * p->m_per_deg_lat;
    return sqrt(dx * dx + dy * dy);
}

/* ---- city presets ---- */

typedef struct site {
    const char *id;
    double lon, lat;
    double weight;        /* campus size relative to an average one */
    int open_min, close_min; /* campus opening hours, minutes after midnight */
} site;

#define MAX_CAMPUSES 12
#define MAX_BALERS ECO_GEN_MAX_FACILITIES

typedef struct city_preset {
    const char *name;
    double bbox[4];          /* min lon, min lat, max lon, max lat */
    double speed_kmh;        /* average city speed for the haversine provider */
    site depot;
    int n_campuses;
    site campuses[MAX_CAMPUSES];
    int n_balers;
    site balers[MAX_BALERS]; /* plausible baling sites, used in this order */
    site recycler;           /* outside the bounding box */
} city_preset;

#define H(h, m) ((h) * 60 + (m))

/* Approximate coordinates (about 100-300 m) of real campuses; depot and
 * facility sites are plausible industrial areas, not real companies. */
static const city_preset presets[] = {
    {"almaty", {76.80, 43.17, 77.05, 43.35}, 25.0,
     {"depot", 76.9300, 43.3000, 0, 0, 0},
     10,
     {{"kaznu", 76.9215, 43.2230, 1.6, H(8, 0), H(19, 0)},
      {"kbtu", 76.9445, 43.2553, 1.0, H(8, 0), H(20, 0)},
      {"satbayev", 76.9290, 43.2365, 1.2, H(8, 0), H(18, 0)},
      {"kimep", 76.9540, 43.2405, 0.8, H(9, 0), H(18, 0)},
      {"narxoz", 76.8660, 43.2215, 0.9, H(8, 0), H(18, 0)},
      {"almau", 76.8930, 43.2260, 0.7, H(9, 0), H(18, 0)},
      {"kaznmu", 76.9285, 43.2565, 0.9, H(8, 0), H(18, 0)},
      {"kaznpu", 76.9585, 43.2595, 0.9, H(8, 0), H(18, 0)},
      {"iitu", 76.9065, 43.2345, 0.6, H(9, 0), H(17, 0)},
      {"turan", 76.9370, 43.2370, 0.6, H(9, 0), H(17, 0)}},
     5,
     {{"baler-turksib", 76.9600, 43.3200, 0, 0, 0},
      {"baler-alatau", 76.8600, 43.3000, 0, 0, 0},
      {"baler-nauryzbay", 76.8300, 43.2100, 0, 0, 0},
      {"baler-medeu", 77.0000, 43.2500, 0, 0, 0},
      {"baler-zhetysu", 76.9100, 43.3350, 0, 0, 0}},
     {"recycler", 77.1000, 43.3800, 0, 0, 0}},
    {"oral", {51.30, 51.17, 51.45, 51.27}, 30.0,
     {"depot", 51.3350, 51.2400, 0, 0, 0},
     5,
     {{"wku", 51.3760, 51.2150, 1.3, H(8, 0), H(18, 0)},
      {"wkatu", 51.3990, 51.2020, 1.1, H(8, 0), H(18, 0)},
      {"wkitu", 51.3580, 51.2290, 0.7, H(9, 0), H(17, 0)},
      {"medcollege", 51.3700, 51.2330, 0.5, H(8, 0), H(17, 0)},
      {"polytech", 51.3880, 51.2410, 0.5, H(8, 0), H(17, 0)}},
     3,
     {{"baler-east", 51.4200, 51.2500, 0, 0, 0},
      {"baler-southwest", 51.3200, 51.1900, 0, 0, 0},
      {"baler-north", 51.3600, 51.2600, 0, 0, 0}},
     {"recycler", 51.2200, 51.3000, 0, 0, 0}},
    {"ust-kamenogorsk", {82.52, 49.90, 82.72, 50.02}, 30.0,
     {"depot", 82.5600, 49.9900, 0, 0, 0},
     4,
     {{"ektu", 82.6150, 49.9480, 1.3, H(8, 0), H(18, 0)},
      {"vku", 82.5930, 49.9630, 1.2, H(8, 0), H(18, 0)},
      {"kafu", 82.6080, 49.9560, 0.7, H(9, 0), H(17, 0)},
      {"medcollege", 82.6320, 49.9420, 0.4, H(8, 0), H(17, 0)}},
     3,
     {{"baler-southeast", 82.6700, 49.9250, 0, 0, 0},
      {"baler-west", 82.5450, 49.9600, 0, 0, 0},
      {"baler-ulba", 82.6400, 49.9950, 0, 0, 0}},
     {"recycler", 82.4500, 50.0500, 0, 0, 0}},
    {"petropavlovsk", {69.08, 54.82, 69.22, 54.92}, 30.0,
     {"depot", 69.1100, 54.8500, 0, 0, 0},
     4,
     {{"sku", 69.1450, 54.8740, 1.4, H(8, 0), H(18, 0)},
      {"sku-tech", 69.1590, 54.8620, 0.8, H(8, 0), H(18, 0)},
      {"medcollege", 69.1300, 54.8850, 0.4, H(8, 0), H(17, 0)},
      {"humcollege", 69.1700, 54.8800, 0.4, H(9, 0), H(17, 0)}},
     3,
     {{"baler-northeast", 69.1900, 54.9050, 0, 0, 0},
      {"baler-southwest", 69.1000, 54.8350, 0, 0, 0},
      {"baler-south", 69.1600, 54.8300, 0, 0, 0}},
     {"recycler", 69.2700, 54.9600, 0, 0, 0}},
};
#define N_PRESETS ((int)(sizeof presets / sizeof presets[0]))

static const char *const city_names[] = {"almaty", "oral", "ust-kamenogorsk", "petropavlovsk", NULL};

const char *const *eco_gen_city_names(void)
{
    return city_names;
}

/* ---- materials ---- */

typedef struct material_spec {
    const char *name;
    double share;          /* relative frequency of boxes */
    int cap_min_kg, cap_max_kg; /* box capacity range, multiples of 5 */
} material_spec;

static const material_spec material_specs[] = {
    {"plastic", 0.55, 40, 90},
    {"paper", 0.45, 60, 120},
    {"glass", 0.20, 80, 120},
    {"metal", 0.10, 40, 80},
};
static const char *const material_names[] = {"plastic", "paper", "glass", "metal", NULL};

const char *const *eco_gen_material_names(void)
{
    return material_names;
}

static int material_index(const char *name)
{
    for (int i = 0; material_names[i]; i++)
        if (strcmp(material_names[i], name) == 0)
            return i;
    return -1;
}

/* ---- vehicles ---- */

typedef struct vehicle_type {
    const char *id;
    int capacity_kg;
    double fixed, per_km, per_hour; /* costs */
} vehicle_type;

static const vehicle_type vehicle_types[2] = {
    {"truck", 2500, 45.0, 0.65, 10.0},
    {"van", 1500, 30.0, 0.45, 9.0},
};

#define SHIFT_START H(7, 0)
#define SHIFT_END H(17, 0)

void eco_gen_options_init(eco_gen_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->n_boxes = 100;
    opt->seed = 1;
    opt->n_materials = 2;
    opt->materials[0] = "plastic";
    opt->materials[1] = "paper";
    opt->n_facilities = 1;
    opt->full_share = 0.7;
}

/* ---- text buffer with a size cap ---- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int failed; /* allocation failed or the cap was reached */
} sbuf;

static void sb_reserve(sbuf *b, size_t extra)
{
    if (b->failed)
        return;
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < b->len + extra + 1)
        cap *= 2;
    if (cap > MAX_JSON_BYTES) {
        b->failed = 1;
        return;
    }
    char *np = realloc(b->p, cap);
    if (!np) {
        b->failed = 1;
        return;
    }
    b->p = np;
    b->cap = cap;
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) { /* only short pieces are printed */
        b->failed = 1;
        return;
    }
    sb_reserve(b, (size_t)n);
    if (b->failed)
        return;
    memcpy(b->p + b->len, tmp, (size_t)n + 1);
    b->len += (size_t)n;
}

/* A JSON string; our names are plain ASCII, but escape anyway. */
static void sb_str(sbuf *b, const char *s)
{
    sb_printf(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            sb_printf(b, "\\%c", c);
        else if (c < 0x20)
            sb_printf(b, "\\u%04x", c);
        else
            sb_printf(b, "%c", c);
    }
    sb_printf(b, "\"");
}

static void sb_hhmm(sbuf *b, int minutes)
{
    sb_printf(b, "\"%02d:%02d\"", minutes / 60, minutes % 60);
}

static void sb_loc(sbuf *b, double lon, double lat)
{
    sb_printf(b, "[%.6f, %.6f]", lon, lat);
}

/* Fixed-point number with 3 decimals from an integer number of thousandths. */
static void sb_milli(sbuf *b, int milli)
{
    sb_printf(b, "%s%d.%03d", milli < 0 ? "-" : "", abs(milli) / 1000, abs(milli) % 1000);
}

/* ---- the generated city ---- */

typedef enum cluster_kind { CL_CAMPUS = 0, CL_DISTRICT, CL_STREET } cluster_kind;

typedef struct cluster {
    char id[48];           /* box id prefix */
    cluster_kind kind;
    double lon, lat;       /* centre */
    double sigma_m;        /* spread */
    double weight;
    int open_min, close_min; /* campus hours */
    int n_boxes;
} cluster;

typedef struct gbox {
    int cluster;
    int seq;               /* number within its cluster, from 1 */
    double lon, lat;
    int material;          /* index into opt->materials */
    int capacity_kg;
    int fill_milli, rate_milli; /* fill and fill rate per day, thousandths */
    int service_s;
    int tw_open, tw_close; /* minutes, -1: none */
} gbox;

typedef struct gsite {
    char id[48];
    double lon, lat;
} gsite;

typedef struct city {
    double bbox[4];
    double speed_kmh;
    proj pj;
    gsite depot;
    int n_balers;
    gsite balers[MAX_BALERS];
    gsite recycler;
    int n_clusters;
    cluster *clusters;
    gbox *boxes;
} city;

static void clamp_to_bbox(const double *bb, double *lon, double *lat)
{
    if (*lon < bb[0]) *lon = bb[0];
    if (*lon > bb[2]) *lon = bb[2];
    if (*lat < bb[1]) *lat = bb[1];
    if (*lat > bb[3]) *lat = bb[3];
}

static int inside(const double *bb, double lon, double lat)
{
    return lon >= bb[0] && lon <= bb[2] && lat >= bb[1] && lat <= bb[3];
}

/* A point uniform in the central part of the box (share of each side). */
static void random_point(rng *r, const double *bb, double share, double *lon, double *lat)
{
    double mx = (bb[2] - bb[0]) * (1.0 - share) / 2, my = (bb[3] - bb[1]) * (1.0 - share) / 2;
    *lon = rng_range(r, bb[0] + mx, bb[2] - mx);
    *lat = rng_range(r, bb[1] + my, bb[3] - my);
}

/* Splits total among n parts proportionally to w (largest remainder, ties
 * to the lower index). */
static void apportion(int total, int n, const double *w, int *out)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    int given = 0;
    for (int i = 0; i < n; i++) {
        out[i] = sum > 0 ? (int)(total * w[i] / sum) : 0;
        given += out[i];
    }
    while (given < total) { /* hand out the remainder by largest fraction */
        int best = 0;
        double bestf = -1.0;
        for (int i = 0; i < n; i++) {
            double f = sum > 0 ? total * w[i] / sum - out[i] : 1.0;
            if (f > bestf) {
                bestf = f;
                best = i;
            }
        }
        out[best]++;
        given++;
    }
}

/* ---- option checks: where = the option as the command line spells it ---- */

static eco_status check_options(const eco_gen_options *opt, const city_preset **preset, int *mat_idx,
                                eco_error *err)
{
    *preset = NULL;
    if (opt->city && opt->use_bbox)
        return eco__error(err, ECO_EINPUT, "bbox", "give either --city or --bbox, not both");
    if (!opt->city && !opt->use_bbox)
        return eco__error(err, ECO_EINPUT, "city",
                          "a city preset (--city NAME) or a bounding box (--bbox MINLON,MINLAT,MAXLON,MAXLAT) "
                          "is required");
    if (opt->city) {
        for (int i = 0; i < N_PRESETS; i++)
            if (strcmp(presets[i].name, opt->city) == 0)
                *preset = &presets[i];
        if (!*preset)
            return eco__error(err, ECO_EINPUT, "city",
                              "unknown city \"%.64s\"; expected one of almaty, oral, ust-kamenogorsk, "
                              "petropavlovsk (or use --bbox)",
                              opt->city);
    } else {
        const double *b = opt->bbox;
        for (int i = 0; i < 4; i++)
            if (!isfinite(b[i]))
                return eco__error(err, ECO_EINPUT, "bbox", "expected 4 finite numbers MINLON,MINLAT,MAXLON,MAXLAT");
        if (b[0] < -180 || b[2] > 180 || b[1] < -85 || b[3] > 85)
            return eco__error(err, ECO_EINPUT, "bbox",
                              "longitudes must be in [-180, 180] and latitudes in [-85, 85], got %.6f,%.6f,%.6f,%.6f",
                              b[0], b[1], b[2], b[3]);
        if (!(b[0] < b[2]) || !(b[1] < b[3]))
            return eco__error(err, ECO_EINPUT, "bbox",
                              "expected MINLON < MAXLON and MINLAT < MAXLAT (GeoJSON order), got %.6f,%.6f,%.6f,%.6f",
                              b[0], b[1], b[2], b[3]);
        proj p = proj_make((b[1] + b[3]) / 2);
        double w_km = (b[2] - b[0]) * p.m_per_deg_lon / 1000, h_km = (b[3] - b[1]) * p.m_per_deg_lat / 1000;
        if (w_km < 0.5 || h_km < 0.5 || w_km > 150 || h_km > 150)
            return eco__error(err, ECO_EINPUT, "bbox",
                              "each side must be between 0.5 and 150 km, got %.1f km x %.1f km", w_km, h_km);
    }
    if (opt->n_boxes < ECO_GEN_MIN_BOXES || opt->n_boxes > ECO_GEN_MAX_BOXES)
        return eco__error(err, ECO_EINPUT, "boxes", "expected an integer in [%d, %d], got %d", ECO_GEN_MIN_BOXES,
                          ECO_GEN_MAX_BOXES, opt->n_boxes);
    if (opt->n_materials < 1 || opt->n_materials > ECO_GEN_MAX_MATERIALS)
        return eco__error(err, ECO_EINPUT, "materials", "expected 1 to %d materials, got %d",
                          ECO_GEN_MAX_MATERIALS, opt->n_materials);
    for (int i = 0; i < opt->n_materials; i++) {
        const char *m = opt->materials[i];
        mat_idx[i] = m ? material_index(m) : -1;
        if (mat_idx[i] < 0)
            return eco__error(err, ECO_EINPUT, "materials",
                              "unknown material \"%.64s\"; expected plastic, paper, glass or metal", m ? m : "");
        for (int j = 0; j < i; j++)
            if (mat_idx[j] == mat_idx[i])
                return eco__error(err, ECO_EINPUT, "materials", "\"%s\" is listed twice", m);
    }
    if (opt->n_facilities < 1 || opt->n_facilities > ECO_GEN_MAX_FACILITIES)
        return eco__error(err, ECO_EINPUT, "facilities", "expected an integer in [1, %d], got %d",
                          ECO_GEN_MAX_FACILITIES, opt->n_facilities);
    if (!(opt->full_share >= 0.0 && opt->full_share <= 1.0))
        return eco__error(err, ECO_EINPUT, "full-share", "expected a number in [0, 1], got %g", opt->full_share);
    if (opt->name) {
        size_t n = strlen(opt->name);
        if (n == 0 || n > MAX_NAME_LEN)
            return eco__error(err, ECO_EINPUT, "name", "expected 1 to %d characters, got %zu", MAX_NAME_LEN, n);
        for (const char *s = opt->name; *s; s++)
            if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
                return eco__error(err, ECO_EINPUT, "name", "only printable ASCII characters are allowed");
    }
    return ECO_OK;
}

/* ---- layout: sites, clusters, box positions ---- */

static void copy_site(gsite *dst, const char *id, double lon, double lat)
{
    snprintf(dst->id, sizeof dst->id, "%s", id);
    dst->lon = lon;
    dst->lat = lat;
}

static void place_sites(const eco_gen_options *opt, const city_preset *pr, city *c)
{
    rng r;
    char key[160];
    snprintf(key, sizeof key, "sites/%s/%.6f,%.6f,%.6f,%.6f", pr ? pr->name : "bbox", c->bbox[0], c->bbox[1],
             c->bbox[2], c->bbox[3]);
    rng_seed(&r, opt->seed, key);
    double lon, lat;
    if (pr) {
        copy_site(&c->depot, pr->depot.id, pr->depot.lon, pr->depot.lat);
        copy_site(&c->recycler, pr->recycler.id, pr->recycler.lon, pr->recycler.lat);
    } else {
        random_point(&r, c->bbox, 0.6, &lon, &lat);
        copy_site(&c->depot, "depot", lon, lat);
        /* the recycler lies beyond one side, 15-25% of the span outside */
        double w = c->bbox[2] - c->bbox[0], h = c->bbox[3] - c->bbox[1];
        int side = rng_int(&r, 0, 3);
        double out = rng_range(&r, 0.15, 0.25), along = rng_range(&r, 0.2, 0.8);
        switch (side) {
        case 0: lon = c->bbox[0] - out * w; lat = c->bbox[1] + along * h; break;
        case 1: lon = c->bbox[2] + out * w; lat = c->bbox[1] + along * h; break;
        case 2: lon = c->bbox[0] + along * w; lat = c->bbox[1] - out * h; break;
        default: lon = c->bbox[0] + along * w; lat = c->bbox[3] + out * h; break;
        }
        copy_site(&c->recycler, "recycler", lon, lat);
    }
    c->n_balers = opt->n_facilities;
    for (int i = 0; i < c->n_balers; i++) {
        if (pr && i < pr->n_balers) {
            copy_site(&c->balers[i], pr->balers[i].id, pr->balers[i].lon, pr->balers[i].lat);
        } else {
            char id[48];
            snprintf(id, sizeof id, "baler-%d", i + 1);
            random_point(&r, c->bbox, 0.8, &lon, &lat);
            copy_site(&c->balers[i], id, lon, lat);
        }
    }
}

/* Builds the clusters and decides how many boxes each gets. */
static eco_status make_clusters(const eco_gen_options *opt, const city_preset *pr, city *c, rng *r,
                                eco_error *err)
{
    int n = opt->n_boxes;
    int n_campus = pr ? pr->n_campuses : 3;
    int n_district = (int)(sqrt((double)n) / 2.5 + 0.5);
    if (n_district < 2)
        n_district = 2;
    if (n_district > 50)
        n_district = 50;
    c->n_clusters = n_campus + n_district + 1; /* + the street boxes */
    c->clusters = calloc((size_t)c->n_clusters, sizeof *c->clusters);
    if (!c->clusters)
        return eco__error(err, ECO_EINTERNAL, "gen", "out of memory");

    double campus_weight = 0.0;
    for (int i = 0; i < n_campus; i++) {
        cluster *cl = &c->clusters[i];
        cl->kind = CL_CAMPUS;
        if (pr) {
            const site *s = &pr->campuses[i];
            snprintf(cl->id, sizeof cl->id, "%s", s->id);
            cl->lon = s->lon;
            cl->lat = s->lat;
            cl->weight = s->weight;
            cl->open_min = s->open_min;
            cl->close_min = s->close_min;
        } else {
            snprintf(cl->id, sizeof cl->id, "campus%d", i + 1);
            random_point(r, c->bbox, 0.7, &cl->lon, &cl->lat);
            cl->weight = rng_range(r, 0.6, 1.4);
            cl->open_min = H(8, 0);
            cl->close_min = H(18, 0);
        }
        cl->sigma_m = 120.0 + 100.0 * cl->weight; /* a campus is a few hundred metres across */
        campus_weight += cl->weight;
    }
    for (int i = 0; i < n_district; i++) {
        cluster *cl = &c->clusters[n_campus + i];
        cl->kind = CL_DISTRICT;
        snprintf(cl->id, sizeof cl->id, "d%d", i + 1);
        random_point(r, c->bbox, 0.85, &cl->lon, &cl->lat);
        cl->weight = rng_range(r, 0.5, 1.5);
        cl->sigma_m = rng_range(r, 250.0, 700.0);
    }
    cluster *street = &c->clusters[c->n_clusters - 1];
    street->kind = CL_STREET;
    snprintf(street->id, sizeof street->id, "street");
    street->weight = 1.0;

    /* 35% on campuses (at most 120 boxes per unit of campus weight), 20% in
     * the streets, the rest in the districts */
    int want_campus = (int)(0.35 * n + 0.5);
    int cap_campus = (int)(120.0 * campus_weight);
    if (want_campus > cap_campus)
        want_campus = cap_campus;
    int want_street = (int)(0.20 * n + 0.5);
    int want_district = n - want_campus - want_street;

    double w[MAX_CAMPUSES + 64] = {0};
    int cnt[MAX_CAMPUSES + 64] = {0};
    for (int i = 0; i < n_campus; i++)
        w[i] = c->clusters[i].weight;
    apportion(want_campus, n_campus, w, cnt);
    for (int i = 0; i < n_campus; i++)
        c->clusters[i].n_boxes = cnt[i];
    for (int i = 0; i < n_district; i++)
        w[i] = c->clusters[n_campus + i].weight;
    apportion(want_district, n_district, w, cnt);
    for (int i = 0; i < n_district; i++)
        c->clusters[n_campus + i].n_boxes = cnt[i];
    street->n_boxes = want_street;
    return ECO_OK;
}

/* Positions: Gaussian around the cluster centre, resampled when it falls
 * outside the bounding box; 30% of cluster boxes stand a few metres from the
 * previous one (an eco-station of several bins). */
static void place_boxes(const city *c, rng *r)
{
    int k = 0;
    for (int ci = 0; ci < c->n_clusters; ci++) {
        const cluster *cl = &c->clusters[ci];
        for (int j = 0; j < cl->n_boxes; j++, k++) {
            gbox *b = &c->boxes[k];
            b->cluster = ci;
            b->seq = j + 1;
            double lon = 0, lat = 0;
            if (cl->kind == CL_STREET) {
                random_point(r, c->bbox, 1.0, &lon, &lat);
            } else if (j > 0 && rng_unif(r) < 0.3) {
                const gbox *prev = &c->boxes[k - 1];
                lon = prev->lon + rng_gauss(r) * 4.0 / c->pj.m_per_deg_lon;
                lat = prev->lat + rng_gauss(r) * 4.0 / c->pj.m_per_deg_lat;
                clamp_to_bbox(c->bbox, &lon, &lat);
            } else {
                int tries = 0;
                do {
                    lon = cl->lon + rng_gauss(r) * cl->sigma_m / c->pj.m_per_deg_lon;
                    lat = cl->lat + rng_gauss(r) * cl->sigma_m / c->pj.m_per_deg_lat;
                } while (!inside(c->bbox, lon, lat) && ++tries < 16);
                clamp_to_bbox(c->bbox, &lon, &lat);
            }
            b->lon = lon;
            b->lat = lat;
        }
    }
}

/* Materials, capacities, service times, fill levels and rates. */
static void fill_boxes(const eco_gen_options *opt, const int *mat_idx, city *c, rng *rm, rng *rf)
{
    double share_sum = 0.0;
    for (int m = 0; m < opt->n_materials; m++)
        share_sum += material_specs[mat_idx[m]].share;
    for (int k = 0; k < opt->n_boxes; k++) {
        gbox *b = &c->boxes[k];
        /* material and box (stream "materials") */
        double u = rng_unif(rm) * share_sum;
        int m = 0;
        while (m < opt->n_materials - 1 && u >= material_specs[mat_idx[m]].share) {
            u -= material_specs[mat_idx[m]].share;
            m++;
        }
        b->material = m;
        const material_spec *ms = &material_specs[mat_idx[m]];
        b->capacity_kg = 5 * rng_int(rm, ms->cap_min_kg / 5, ms->cap_max_kg / 5);
        b->service_s = 60 + 5 * (rng_int(rm, 0, 12) + rng_int(rm, 0, 12)); /* 60-180 s, mode 120 */

        /* fill (stream "fill"): rate by place, then the class, then the level */
        cluster_kind kind = c->clusters[b->cluster].kind;
        int rate = kind == CL_CAMPUS ? rng_int(rf, 120, 400) : kind == CL_DISTRICT ? rng_int(rf, 60, 250)
                                                                                   : rng_int(rf, 40, 180);
        double cls = rng_unif(rf);
        int lo, hi;
        const int thr = FILL_THRESHOLD_MILLI, mg = FILL_MARGIN_MILLI;
        if (cls < opt->full_share) { /* mandatory: at or above the threshold */
            lo = thr + mg;
            hi = 1000;
        } else if (rng_unif(rf) < 0.5) { /* optional: reaches it within a day */
            lo = thr + mg - rate;
            hi = thr - mg;
        } else { /* below the threshold even tomorrow */
            lo = 20;
            hi = thr - mg - rate;
        }
        b->rate_milli = rate;
        b->fill_milli = rng_int(rf, lo, hi);
    }
}

static void time_windows(const eco_gen_options *opt, city *c, rng *r)
{
    for (int k = 0; k < opt->n_boxes; k++) {
        gbox *b = &c->boxes[k];
        const cluster *cl = &c->clusters[b->cluster];
        b->tw_open = b->tw_close = -1;
        double u = rng_unif(r), v = rng_unif(r);
        if (!opt->time_windows)
            continue;
        if (cl->kind == CL_CAMPUS) { /* the campus is open; the gate closes 30 min early */
            b->tw_open = cl->open_min;
            b->tw_close = cl->close_min - 30;
        } else if (u < 0.3) { /* a collection slot agreed with the residents */
            if (v < 0.5) {
                b->tw_open = H(8, 0);
                b->tw_close = H(12, 0);
            } else {
                b->tw_open = H(13, 0);
                b->tw_close = H(16, 30);
            }
        }
    }
}

static int box_class(const gbox *b)
{
    if (b->fill_milli >= FILL_THRESHOLD_MILLI)
        return 0;
    if (b->fill_milli + b->rate_milli >= FILL_THRESHOLD_MILLI)
        return 1;
    return 2;
}

/* ---- fleet sizing ---- */

typedef struct fleet {
    int count[2];          /* trucks, vans */
    int break_s[2];        /* break duration per type, 0: none */
    int break_min[2];      /* earliest break start, minutes */
} fleet;

/* Estimates the day's work in seconds and divides it among vehicles with
 * a margin: service, driving between stops (a nearest-neighbour leg of about
 * 0.75 sqrt(area / stops)), trips to the nearest baling site with unloading,
 * and the legs from and to the depot. */
static void size_fleet(const eco_gen_options *opt, const city *c, const eco_gen_summary *sum, fleet *f, rng *r)
{
    const double circuity = 1.3, mps = c->speed_kmh / 3.6;
    int n_serve = sum->n_mandatory + sum->n_optional;
    double area = (c->bbox[2] - c->bbox[0]) * c->pj.m_per_deg_lon * (c->bbox[3] - c->bbox[1]) * c->pj.m_per_deg_lat;
    double service = 0.0, d_fac = 0.0, cx = 0.0, cy = 0.0;
    for (int k = 0; k < opt->n_boxes; k++) {
        const gbox *b = &c->boxes[k];
        if (box_class(b) == 2)
            continue;
        service += b->service_s;
        double best = -1.0;
        for (int i = 0; i < c->n_balers; i++) {
            double d = dist_m(&c->pj, b->lon, b->lat, c->balers[i].lon, c->balers[i].lat);
            if (best < 0 || d < best)
                best = d;
        }
        d_fac += best;
        cx += b->lon;
        cy += b->lat;
    }
    double leg = 0.0;
    if (n_serve > 0) {
        d_fac /= n_serve;
        cx /= n_serve;
        cy /= n_serve;
        leg = 0.75 * sqrt(area / n_serve);
        if (leg > 3000.0)
            leg = 3000.0;
    }
    const double cap_mix = (2.0 * vehicle_types[0].capacity_kg + vehicle_types[1].capacity_kg) / 3.0;
    double trips = ceil(sum->demand_kg / (0.85 * cap_mix));
    double work = service + n_serve * leg * circuity / mps + trips * (2.0 * d_fac * circuity / mps + 900.0);
    double depot_legs = n_serve > 0 ? 2.0 * dist_m(&c->pj, c->depot.lon, c->depot.lat, cx, cy) * circuity / mps : 0;

    /* breaks (stream "fleet"): 30, 45 or 60 min, starting between 11:30 and 12:30 */
    for (int t = 0; t < 2; t++) {
        int dur = 1800 + 900 * rng_int(r, 0, 2);
        int start = H(11, 30) + 15 * rng_int(r, 0, 4);
        f->break_s[t] = opt->breaks ? dur : 0;
        f->break_min[t] = start;
    }
    double brk = opt->breaks ? 2700.0 : 0.0;
    double avail = 0.75 * ((SHIFT_END - SHIFT_START) * 60.0 - depot_legs - brk);
    if (avail < 3600.0)
        avail = 3600.0;
    int v = (int)ceil(work / avail);
    if (v < 1)
        v = 1;
    v += v >= 10 ? (v + 9) / 10 : 1; /* spare: 10%, at least one */
    f->count[0] = (2 * v + 2) / 3;
    f->count[1] = v - f->count[0];
}

/* ---- output ---- */

static void default_name(const eco_gen_options *opt, const int *mat_idx, char *out, size_t size)
{
    char extra[128] = "";
    size_t used = 0;
    int default_mats = opt->n_materials == 2 && mat_idx[0] == 0 && mat_idx[1] == 1;
    if (!default_mats) {
        for (int i = 0; i < opt->n_materials; i++)
            used += (size_t)snprintf(extra + used, sizeof extra - used, "%s%s", i ? "+" : "-",
                                     material_names[mat_idx[i]]);
    }
    if (opt->n_facilities != 1)
        used += (size_t)snprintf(extra + used, sizeof extra - used, "-f%d", opt->n_facilities);
    if (opt->time_windows)
        used += (size_t)snprintf(extra + used, sizeof extra - used, "-tw");
    if (opt->breaks)
        used += (size_t)snprintf(extra + used, sizeof extra - used, "-br");
    int fs = (int)(opt->full_share * 100.0 + 0.5);
    if (fs != 70)
        snprintf(extra + used, sizeof extra - used, "-full%d", fs);
    snprintf(out, size, "%s-%d-s%" PRIu64 "%s", opt->city ? opt->city : "bbox", opt->n_boxes, opt->seed, extra);
}

static void write_materials(sbuf *b, const eco_gen_options *opt, const int *mat_idx)
{
    sb_printf(b, "[");
    for (int i = 0; i < opt->n_materials; i++) {
        if (i)
            sb_printf(b, ", ");
        sb_str(b, material_names[mat_idx[i]]);
    }
    sb_printf(b, "]");
}

static void write_json(sbuf *b, const eco_gen_options *opt, const int *mat_idx, const city *c, const fleet *f,
                       const char *name)
{
    sb_printf(b, "{\n  \"name\": ");
    sb_str(b, name);
    sb_printf(b, ",\n  \"materials\": ");
    write_materials(b, opt, mat_idx);

    sb_printf(b, ",\n  \"depots\": [\n    {\"id\": ");
    sb_str(b, c->depot.id);
    sb_printf(b, ", \"location\": ");
    sb_loc(b, c->depot.lon, c->depot.lat);
    sb_printf(b, ", \"time_window\": [");
    sb_hhmm(b, H(6, 0));
    sb_printf(b, ", ");
    sb_hhmm(b, H(20, 0));
    sb_printf(b, "]}\n  ],\n  \"vehicles\": [");

    int first = 1;
    for (int t = 0; t < 2; t++) {
        if (f->count[t] == 0)
            continue;
        const vehicle_type *vt = &vehicle_types[t];
        sb_printf(b, "%s\n    {\"id\": ", first ? "" : ",");
        first = 0;
        sb_str(b, vt->id);
        if (f->count[t] > 1)
            sb_printf(b, ", \"count\": %d", f->count[t]);
        sb_printf(b, ", \"depot\": ");
        sb_str(b, c->depot.id);
        sb_printf(b, ", \"capacity_kg\": %d, \"shift\": [", vt->capacity_kg);
        sb_hhmm(b, SHIFT_START);
        sb_printf(b, ", ");
        sb_hhmm(b, SHIFT_END);
        sb_printf(b, "],\n     \"costs\": {\"fixed\": %.2f, \"per_km\": %.2f, \"per_hour\": %.2f}", vt->fixed,
                  vt->per_km, vt->per_hour);
        if (f->break_s[t] > 0) {
            sb_printf(b, ",\n     \"break\": {\"duration_s\": %d, \"start_window\": [", f->break_s[t]);
            sb_hhmm(b, f->break_min[t]);
            sb_printf(b, ", ");
            sb_hhmm(b, f->break_min[t] + 90);
            sb_printf(b, "]}");
        }
        sb_printf(b, "}");
    }

    sb_printf(b, "\n  ],\n  \"facilities\": [");
    for (int i = 0; i < c->n_balers; i++) {
        sb_printf(b, "%s\n    {\"id\": ", i ? "," : "");
        sb_str(b, c->balers[i].id);
        sb_printf(b, ", \"kind\": \"baling\", \"location\": ");
        sb_loc(b, c->balers[i].lon, c->balers[i].lat);
        sb_printf(b, ", \"accepts\": ");
        write_materials(b, opt, mat_idx);
        sb_printf(b, ", \"unload_s\": 900, \"hours\": [");
        sb_hhmm(b, H(7, 30));
        sb_printf(b, ", ");
        sb_hhmm(b, H(18, 0));
        sb_printf(b, "]}");
    }
    /* the recycler buys plastic bales; without plastic it takes everything */
    int has_plastic = 0;
    for (int i = 0; i < opt->n_materials; i++)
        has_plastic |= mat_idx[i] == 0;
    sb_printf(b, ",\n    {\"id\": ");
    sb_str(b, c->recycler.id);
    sb_printf(b, ", \"kind\": \"recycler\", \"location\": ");
    sb_loc(b, c->recycler.lon, c->recycler.lat);
    sb_printf(b, ", \"accepts\": ");
    if (has_plastic)
        sb_printf(b, "[\"plastic\"]");
    else
        write_materials(b, opt, mat_idx);
    sb_printf(b, ", \"unload_s\": 1200, \"hours\": [");
    sb_hhmm(b, H(9, 0));
    sb_printf(b, ", ");
    sb_hhmm(b, H(17, 0));
    sb_printf(b, "]}\n  ],\n  \"boxes\": [");

    for (int k = 0; k < opt->n_boxes; k++) {
        const gbox *x = &c->boxes[k];
        char id[64];
        snprintf(id, sizeof id, "%s-%d", c->clusters[x->cluster].id, x->seq);
        sb_printf(b, "%s\n    {\"id\": ", k ? "," : "");
        sb_str(b, id);
        sb_printf(b, ", \"location\": ");
        sb_loc(b, x->lon, x->lat);
        sb_printf(b, ", \"material\": ");
        sb_str(b, material_names[mat_idx[x->material]]);
        sb_printf(b, ", \"capacity_kg\": %d, \"fill\": ", x->capacity_kg);
        sb_milli(b, x->fill_milli);
        sb_printf(b, ", \"fill_rate\": ");
        sb_milli(b, x->rate_milli);
        sb_printf(b, ", \"service_s\": %d", x->service_s);
        if (x->tw_open >= 0) {
            sb_printf(b, ", \"time_window\": [");
            sb_hhmm(b, x->tw_open);
            sb_printf(b, ", ");
            sb_hhmm(b, x->tw_close);
            sb_printf(b, "]");
        }
        sb_printf(b, "}");
    }
    int time_limit = (int)(0.06 * opt->n_boxes + 0.5);
    if (time_limit < 10)
        time_limit = 10;
    if (time_limit > 600)
        time_limit = 600;
    sb_printf(b, "\n  ],\n  \"travel\": {\"provider\": \"haversine\", \"circuity\": 1.3, \"speed_kmh\": %d},\n",
              (int)c->speed_kmh);
    sb_printf(b, "  \"options\": {\"fill_threshold\": ");
    sb_milli(b, FILL_THRESHOLD_MILLI);
    sb_printf(b, ", \"horizon_days\": 1, \"prize_per_kg\": 0.05, \"return_empty\": true, \"time_limit_s\": %d, "
                 "\"seed\": %" PRIu64 "}\n}\n",
              time_limit, opt->seed);
}

eco_status eco_gen_city(const eco_gen_options *opt, char **json_out, eco_gen_summary *summary, eco_error *err)
{
    const city_preset *pr = NULL;
    int mat_idx[ECO_GEN_MAX_MATERIALS];
    city c;
    sbuf b = {0};
    eco_status st;
    memset(&c, 0, sizeof c);
    if (json_out)
        *json_out = NULL;
    if (!opt || !json_out)
        return eco__error(err, ECO_EINTERNAL, "gen", "missing options or output pointer");
    st = check_options(opt, &pr, mat_idx, err);
    if (st != ECO_OK)
        return st;

    if (pr) {
        memcpy(c.bbox, pr->bbox, sizeof c.bbox);
        c.speed_kmh = pr->speed_kmh;
    } else {
        memcpy(c.bbox, opt->bbox, sizeof c.bbox);
        c.speed_kmh = 30.0;
    }
    c.pj = proj_make((c.bbox[1] + c.bbox[3]) / 2);

    /* the streams: the layout depends on the place and the number of boxes */
    char place[160], key[200];
    snprintf(place, sizeof place, "%s/%.6f,%.6f,%.6f,%.6f/%d", pr ? pr->name : "bbox", c.bbox[0], c.bbox[1],
             c.bbox[2], c.bbox[3], opt->n_boxes);
    rng r_layout, r_mat, r_fill, r_tw, r_fleet;
    snprintf(key, sizeof key, "layout/%s", place);
    rng_seed(&r_layout, opt->seed, key);
    snprintf(key, sizeof key, "materials/%s", place);
    rng_seed(&r_mat, opt->seed, key);
    snprintf(key, sizeof key, "fill/%s", place);
    rng_seed(&r_fill, opt->seed, key);
    snprintf(key, sizeof key, "time-windows/%s", place);
    rng_seed(&r_tw, opt->seed, key);
    snprintf(key, sizeof key, "fleet/%s", place);
    rng_seed(&r_fleet, opt->seed, key);

    place_sites(opt, pr, &c);
    st = make_clusters(opt, pr, &c, &r_layout, err);
    if (st != ECO_OK)
        goto out;
    c.boxes = calloc((size_t)opt->n_boxes, sizeof *c.boxes);
    if (!c.boxes) {
        st = eco__error(err, ECO_EINTERNAL, "gen", "out of memory for %d boxes", opt->n_boxes);
        goto out;
    }
    place_boxes(&c, &r_layout);
    fill_boxes(opt, mat_idx, &c, &r_mat, &r_fill);
    time_windows(opt, &c, &r_tw);

    eco_gen_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.n_boxes = opt->n_boxes;
    sum.n_facilities = c.n_balers + 1;
    for (int k = 0; k < opt->n_boxes; k++) {
        const gbox *x = &c.boxes[k];
        int cls = box_class(x);
        if (cls == 0)
            sum.n_mandatory++;
        else if (cls == 1)
            sum.n_optional++;
        else
            sum.n_skip++;
        if (cls != 2)
            sum.demand_kg += x->capacity_kg * x->fill_milli / 1000.0;
    }
    fleet f;
    memset(&f, 0, sizeof f);
    size_fleet(opt, &c, &sum, &f, &r_fleet);
    sum.n_vehicles = f.count[0] + f.count[1];

    char name[MAX_NAME_LEN + 1];
    if (opt->name)
        snprintf(name, sizeof name, "%s", opt->name);
    else
        default_name(opt, mat_idx, name, sizeof name);
    write_json(&b, opt, mat_idx, &c, &f, name);
    if (b.failed) {
        st = eco__error(err, ECO_EINTERNAL, "gen", "out of memory for the JSON text");
        goto out;
    }
    *json_out = b.p;
    b.p = NULL;
    if (summary)
        *summary = sum;
    st = ECO_OK;
out:
    free(b.p);
    free(c.clusters);
    free(c.boxes);
    return st;
}
