/* rusage REPORT COMMAND [ARGS...]: runs COMMAND and writes "<wall ns> <peak RSS KiB> <exit code>" to REPORT.
 *
 * Linux keeps a process's peak RSS (ru_maxrss) across exec, and a forked child starts with its parent's
 * high-water mark: a command spawned straight from Python reports at least Python's own ~15 MiB. Forked from
 * this small process instead, the figure is the command's own. The wall time is taken here too, around
 * fork and wait, so the interpreter's spawning costs are not in it. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: rusage REPORT COMMAND [ARGS...]\n");
        return 2;
    }

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }

    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }

    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("wait4");
        return 2;
    }

    clock_gettime(CLOCK_MONOTONIC, &end);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *report = fopen(argv[1], "w");
    if (report == NULL) {
        perror(argv[1]);
        return 2;
    }

    long long wall = (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    fprintf(report, "%lld %ld %d\n", wall, usage.ru_maxrss, code);
    fclose(report);
    return code;
}
