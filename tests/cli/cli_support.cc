#include "cli_support.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ecomsim::testing {

namespace {

std::vector<std::string> EcomsimArgv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{ECOMSIM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

ProcessResult Ecomsim(const std::vector<std::string>& args) {
  return RunProcess(EcomsimArgv(args));
}

Subprocess StartEcomsim(const std::vector<std::string>& args) {
  return Subprocess(EcomsimArgv(args));
}

std::vector<std::string> CliTest::GenerateSmall(std::vector<std::string> args) {
  // CSV unless the test names a format: most tests read the rows back.
  if (std::find(args.begin(), args.end(), "--format") == args.end()) {
    args.insert(args.begin(), {"--format", "csv"});
  }
  args.insert(args.begin(), "generate");
  for (std::string& a : SmallWorld()) args.push_back(std::move(a));
  args.push_back("-q");
  return args;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

FileTree ReadTree(const fs::path& dir) {
  FileTree tree;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      tree[fs::relative(e.path(), dir).generic_string()] = ReadFile(e.path());
  }
  return tree;
}

std::vector<std::string> ListTree(const fs::path& dir) {
  std::vector<std::string> entries;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    entries.push_back(fs::relative(e.path(), dir).generic_string());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

::testing::AssertionResult SameTree(const FileTree& a, const FileTree& b) {
  for (const auto& [path, bytes] : a) {
    auto it = b.find(path);
    if (it == b.end()) return ::testing::AssertionFailure() << path << " is only in the first";
    if (it->second != bytes) {
      const auto diff =
          std::mismatch(bytes.begin(), bytes.end(), it->second.begin(), it->second.end());
      return ::testing::AssertionFailure()
             << path << " differs (" << bytes.size() << " vs " << it->second.size()
             << " bytes), first at byte " << (diff.first - bytes.begin());
    }
  }
  for (const auto& [path, bytes] : b) {
    if (!a.contains(path)) return ::testing::AssertionFailure() << path << " is only in the second";
  }
  if (a.empty()) return ::testing::AssertionFailure() << "no files to compare";
  return ::testing::AssertionSuccess();
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

namespace {

// The first word of each line after the "----" rule of a table printed by the CLI.
std::vector<std::string> FirstColumn(const std::string& printed) {
  std::vector<std::string> words;
  bool after_rule = false;
  for (std::string_view line : Lines(printed)) {
    if (!after_rule) {
      after_rule = line.starts_with("---");
      continue;
    }
    words.emplace_back(line.substr(0, line.find(' ')));
  }
  return words;
}

}  // namespace

std::vector<std::string> SchemaTables() {
  const ProcessResult r = Ecomsim({"schema"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return FirstColumn(r.out);
}

std::vector<std::string> SchemaColumns(const std::string& table) {
  const ProcessResult r = Ecomsim({"schema", table});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return FirstColumn(r.out);
}

std::vector<std::string> StagingLeftovers(const fs::path& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.find(".ecomsim-staging-") != std::string::npos) found.push_back(name);
  }
  return found;
}

fs::path StagingDir(const fs::path& out, int pid) {
  return out.parent_path() /
         ("." + out.filename().string() + ".ecomsim-staging-" + std::to_string(pid));
}

::testing::AssertionResult FailedCleanly(const ProcessResult& r, int exit_code,
                                         const fs::path& out) {
  const std::vector<std::string_view> lines = Lines(r.err);
  if (r.exit_code != exit_code) {
    return ::testing::AssertionFailure()
           << "exit code " << r.exit_code << " (signal " << r.term_signal << "), expected "
           << exit_code << "; stderr: " << r.err;
  }
  if (!r.out.empty()) return ::testing::AssertionFailure() << "stdout not empty: " << r.out;
  if (lines.size() != 1 || r.err.back() != '\n') {
    return ::testing::AssertionFailure() << "expected one line on stderr, got: " << r.err;
  }
  if (!lines[0].starts_with("ecomsim: error: ")) {
    return ::testing::AssertionFailure()
           << "stderr does not start with 'ecomsim: error: ': " << r.err;
  }
  const std::vector<std::string> left = StagingLeftovers(out.parent_path());
  if (!left.empty()) {
    return ::testing::AssertionFailure() << "staging directory left behind: " << left.front();
  }
  std::error_code ec;
  if (fs::exists(out, ec)) return ::testing::AssertionFailure() << out << " exists";
  return ::testing::AssertionSuccess();
}

}  // namespace ecomsim::testing
