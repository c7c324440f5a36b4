// A small WASI program to try the debugger on: set a breakpoint in sum_of_squares, inspect
// `total` and `i`, then watch the capability-access log as it reads its environment and a file
// from the /data preopen.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct point {
    int x;
    int y;
};

static int square(int x) {
    return x * x;
}

static int sum_of_squares(int n) {
    int total = 0;
    for (int i = 1; i <= n; i++) {
        total += square(i);
    }
    return total;
}

static void move(struct point *p, int dx, int dy) {
    p->x += dx;
    p->y += dy;
}

/* Counts the lines of a file, or returns -1 when it cannot be opened (no preopen, or denied). */
static int count_lines(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    int lines = 0;
    char buffer[256];
    while (fgets(buffer, sizeof buffer, f) != NULL) {
        if (strchr(buffer, '\n') != NULL) {
            lines++;
        }
    }
    fclose(f);
    return lines;
}

int main(int argc, char **argv) {
    const char *name = getenv("GREETING_NAME");
    printf("Hello, %s!\n", name != NULL ? name : "WASI");
    for (int i = 1; i < argc; i++) {
        printf("arg %d: %s\n", i, argv[i]);
    }

    printf("sum of squares 1..5 = %d\n", sum_of_squares(5));

    struct point p = {1, 2};
    move(&p, 3, 4);
    printf("moved point = (%d, %d)\n", p.x, p.y);

    int lines = count_lines("/data/input.txt");
    if (lines < 0) {
        printf("/data/input.txt is not readable (is the /data preopen configured?)\n");
    } else {
        printf("/data/input.txt has %d lines\n", lines);
    }
    return 0;
}
