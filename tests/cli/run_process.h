#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ecomsim::testing {

// How a child process ended and what it printed.
struct ProcessResult {
  int exit_code = -1;   // the exit status, or -1 if the process was killed by a signal
  int term_signal = 0;  // the signal that killed it, or 0
  std::string out;      // everything it wrote to stdout
  std::string err;      // everything it wrote to stderr
};

// A child process started with fork/exec: argv[0] is the program's path (no PATH
// search), stdin is /dev/null, stdout and stderr are captured through pipes. The
// destructor kills (SIGKILL) and reaps a child that was not waited for. Throws
// std::system_error if the process cannot be started. Not thread-safe.
class Subprocess {
 public:
  explicit Subprocess(const std::vector<std::string>& argv);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  // Reads stdout and stderr until the child closes them, then reaps it.
  // REQUIRES: called at most once.
  ProcessResult Wait();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
};

// Runs argv to completion and returns what happened.
ProcessResult RunProcess(const std::vector<std::string>& argv);

}  // namespace ecomsim::testing
