#pragma once

#include <sys/resource.h>

// CPU seconds (user + system) of this process so far, every thread included: what the
// benchmarks divide by for their "per CPU second" figures. With RUSAGE_THREAD, of the
// calling thread alone.
inline double CpuSeconds(int who = RUSAGE_SELF) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
