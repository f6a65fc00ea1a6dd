/* rusage REPORT COMMAND [ARGS...]: runs COMMAND and writes "<wall ns> <peak RSS KiB> <exit code> <tree KiB>" to REPORT.
 *
 * Linux keeps a process's peak RSS (ru_maxrss) across exec, and a forked child starts with its parent's
 * high-water mark: a command spawned straight from Python reports at least Python's own ~15 MiB. Forked from
 * this small process instead, the figure is the command's own. The wall time is taken here too, around
 * fork and wait, so the interpreter's spawning costs are not in it.
 *
 * The peak RSS is wait4's ru_maxrss: the largest single process among COMMAND and the descendants it waited for,
 * not their sum. With RUSAGE_SAMPLE_MS=N set, the launcher also adds up the proportional set size (Pss) of COMMAND
 * and all its live descendants every N ms and reports the largest sum (else 0): what a multi-process agent holds
 * at once. Sampling costs CPU, so it is for a separate pass, not for the timed runs. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kcmp.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 65536

/* The memory in KiB of root and every live process descended from it (proportional set size), from /proc. */
static long tree_rss_kib(pid_t root)
{
    static pid_t pids[MAX_PROCS], parents[MAX_PROCS];
    static char in_tree[MAX_PROCS];
    int count = 0;
    DIR *proc = opendir("/proc");
    if (proc == NULL)
        return 0;
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL && count < MAX_PROCS) {
        char *end;
        long pid = strtol(entry->d_name, &end, 10);
        if (*end != '\0' || pid <= 0)
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        /* "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'. */
        char *close = strrchr(buf, ')');
        int ppid;
        if (close == NULL || sscanf(close + 1, " %*c %d", &ppid) != 1)
            continue;
        pids[count] = (pid_t)pid;
        parents[count] = (pid_t)ppid;
        in_tree[count] = pid == root;
        count++;
    }
    closedir(proc);

    for (int changed = 1; changed;) {
        changed = 0;
        for (int i = 0; i < count; i++) {
            if (in_tree[i])
                continue;
            for (int j = 0; j < count; j++) {
                if (in_tree[j] && pids[j] == parents[i]) {
                    in_tree[i] = 1;
                    changed = 1;
                    break;
                }
            }
        }
    }

    long page_kib = sysconf(_SC_PAGESIZE) / 1024, total = 0;
    for (int i = 0; i < count; i++) {
        if (!in_tree[i])
            continue;
        /* A child started with vfork or posix_spawn runs in its parent's address space until it execs: the same
         * pages, already counted with the parent. */
        if (pids[i] != root && syscall(SYS_kcmp, pids[i], parents[i], KCMP_VM, 0, 0) == 0)
            continue;
        /* Pss splits each shared page among the processes that map it, so the sum counts a page once (a child
         * forked from a big parent shares its pages until it execs). Without smaps_rollup, fall back to RSS. */
        char path[64], line[256];
        long kib = -1;
        snprintf(path, sizeof path, "/proc/%d/smaps_rollup", pids[i]);
        FILE *f = fopen(path, "r");
        if (f != NULL) {
            while (fgets(line, sizeof line, f) != NULL)
                if (sscanf(line, "Pss: %ld kB", &kib) == 1)
                    break;
            fclose(f);
        }
        if (kib < 0) {
            long size, resident;
            snprintf(path, sizeof path, "/proc/%d/statm", pids[i]);
            f = fopen(path, "r");
            if (f == NULL)
                continue;
            if (fscanf(f, "%ld %ld", &size, &resident) == 2)
                kib = resident * page_kib;
            fclose(f);
        }
        if (kib > 0)
            total += kib;
    }
    return total;
}

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

    const char *sample = getenv("RUSAGE_SAMPLE_MS");
    long sample_ms = sample != NULL ? atol(sample) : 0, tree_peak = 0;
    int status;
    struct rusage usage;
    for (;;) {
        pid_t done = wait4(pid, &status, sample_ms > 0 ? WNOHANG : 0, &usage);
        if (done == pid)
            break;
        if (done < 0) {
            perror("wait4");
            return 2;
        }
        long rss = tree_rss_kib(pid);
        if (rss > tree_peak)
            tree_peak = rss;
        struct timespec pause = {sample_ms / 1000, (sample_ms % 1000) * 1000000L};
        nanosleep(&pause, NULL);
    }

    clock_gettime(CLOCK_MONOTONIC, &end);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *report = fopen(argv[1], "w");
    if (report == NULL) {
        perror(argv[1]);
        return 2;
    }

    long long wall = (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    fprintf(report, "%lld %ld %d %ld\n", wall, usage.ru_maxrss, code, tree_peak);
    fclose(report);
    return code;
}
