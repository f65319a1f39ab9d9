/*
 * Preloaded before libfaketime when the test suite runs a year ahead (.ci/run): passes timerfd_settime straight
 * to the kernel.
 *
 * libfaketime 0.9.10 (Debian 12) rewrites the deadline of every absolute timerfd as if it were on the faked
 * clock, also for CLOCK_MONOTONIC and CLOCK_BOOTTIME, which FAKETIME_DONT_FAKE_MONOTONIC=1 leaves real. libdispatch
 * arms its timers that way, so every Task.sleep, DispatchQueue.asyncAfter and NIO timer would fire a year late and
 * the suite would hang. Here monotonic deadlines go to the kernel as they are, and absolute wall-clock deadlines
 * are moved from the faked clock to the real one, so both kinds fire when they should.
 *
 *     gcc -shared -fPIC -o faketime-timers.so Tools/checks/faketime-timers.c
 *     LD_PRELOAD="$PWD/faketime-timers.so /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1" ...
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* The clock each timerfd was created on, by descriptor. */
static int clocks[65536];

int timerfd_create(int clockid, int flags) {
    int fd = (int)syscall(SYS_timerfd_create, clockid, flags);
    if (fd >= 0 && fd < 65536) clocks[fd] = clockid + 1;
    return fd;
}

int timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value) {
    int clockid = fd >= 0 && fd < 65536 ? clocks[fd] - 1 : -1;
    if ((flags & TFD_TIMER_ABSTIME) && (clockid == CLOCK_REALTIME || clockid == CLOCK_REALTIME_ALARM)) {
        struct timespec faked, real;
        clock_gettime(CLOCK_REALTIME, &faked);           /* through libfaketime */
        syscall(SYS_clock_gettime, CLOCK_REALTIME, &real); /* the kernel's */
        struct itimerspec moved = *new_value;
        long long ns = (long long)moved.it_value.tv_sec * 1000000000LL + moved.it_value.tv_nsec
            - ((long long)faked.tv_sec * 1000000000LL + faked.tv_nsec)
            + ((long long)real.tv_sec * 1000000000LL + real.tv_nsec);
        moved.it_value.tv_sec = ns / 1000000000LL;
        moved.it_value.tv_nsec = ns % 1000000000LL;
        return (int)syscall(SYS_timerfd_settime, fd, flags, &moved, old_value);
    }
    return (int)syscall(SYS_timerfd_settime, fd, flags, new_value, old_value);
}

int timerfd_gettime(int fd, struct itimerspec *curr_value) {
    return (int)syscall(SYS_timerfd_gettime, fd, curr_value);
}
