// Golden conformance: a small fixed world of scenarios, seeds and formats, written by the
// real binary, with the rows, size and CRC-32C of every file it writes pinned in
// tests/golden/pins.txt. Any change to the output bytes fails here with the list of files
// that changed; an intended change updates the pins (ECOMSIM_UPDATE_GOLDEN=1) in the same
// commit.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

// One run of `ecomsim generate`; `args` is everything but --out, --threads and -q, and is
// recorded in the pins, so that changing a case without updating them fails too.
struct GoldenCase {
  std::string name;
  std::vector<std::string> args;
};

// Small enough that all of them take a few seconds; between them they cover the three
// formats, the three Parquet compressions, several row groups per file, day partitions,
// a shard, the scenario shorthands and several scenarios and seeds. flash_sale is the
// run whose dataset is kept as a reference beside the repository (scale 0.05, seed 42).
std::vector<GoldenCase> Cases() {
  return {
      {"baseline_parquet", {"baseline", "--scale", "0.01", "--format", "parquet"}},
      {"baseline_csv", {"baseline", "--scale", "0.01", "--format", "csv"}},
      {"baseline_jsonl", {"baseline", "--scale", "0.01", "--format", "jsonl"}},
      {"black_friday_snappy",
       {"black_friday", "--scale", "0.01", "--seed", "3", "--compression", "snappy",
        "--row-group-rows", "20000", "--tables",
        "customers,sessions,events,orders,order_items,payments"}},
      {"flash_sale", {"flash_sale", "--scale", "0.05"}},
      {"fraud_testing_by_day",
       {"fraud_testing", "--scale", "0.01", "--seed", "7", "--format", "csv", "--partition-by",
        "day", "--duration", "10d"}},
      {"baseline_shard_2_of_3",
       {"baseline", "--scale", "0.01", "--seed", "11", "--shard", "2/3", "--compression", "none"}},
      {"christmas_shorthands",
       {"christmas", "--scale", "0.005", "--format", "jsonl", "--duration", "3d", "--start",
        "2024-12-20", "--intensity", "0.5", "--discount", "25"}},
  };
}

constexpr const char* kPinsPath = ECOMSIM_GOLDEN_PINS;

// Written at the top of the pins file, which this test rewrites when updating.
constexpr const char* kPinsHeader =
    "# Golden pins: every file that the cases of tests/cli/golden_test.cc write, with its\n"
    "# rows (from manifest.json; '-' for the manifest itself), bytes and CRC-32C.\n"
    "# `ctest --test-dir build/release -R golden` fails, listing the files that changed,\n"
    "# when the output differs from these. The pins do not depend on --threads: the test\n"
    "# runs with 2, and ECOMSIM_GOLDEN_THREADS=1 checks them with 1.\n"
    "#\n"
    "# After an intended change of the output, update the pins with\n"
    "#\n"
    "#   ECOMSIM_UPDATE_GOLDEN=1 ctest --test-dir build/release -R golden\n"
    "#\n"
    "# review what moved with `git diff tests/golden/pins.txt`, and commit this file with\n"
    "# the change, saying in the message why the output changed.\n"
    "#\n"
    "# case NAME: the arguments of `ecomsim generate` (besides --out, --threads and -q)\n"
    "# NAME/PATH ROWS BYTES CRC32C\n";

// CRC-32C (Castagnoli, reflected), computed here rather than taken from the manifest so
// that the pins check the bytes on disk.
class Crc32c {
 public:
  void Update(const char* data, size_t n) {
    static const std::array<uint32_t, 256> table = MakeTable();
    for (size_t i = 0; i < n; ++i) {
      crc_ = table[(crc_ ^ static_cast<unsigned char>(data[i])) & 0xFF] ^ (crc_ >> 8);
    }
  }
  uint32_t value() const { return ~crc_; }

 private:
  static std::array<uint32_t, 256> MakeTable() {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      table[i] = c;
    }
    return table;
  }

  uint32_t crc_ = 0xFFFFFFFFu;
};

std::string Hex32(uint32_t v) {
  char s[16];
  std::snprintf(s, sizeof(s), "%08x", v);
  return s;
}

// "ROWS BYTES CRC32C" of one file.
struct Pin {
  std::string rows;
  uint64_t bytes = 0;
  std::string crc32c;
  bool operator==(const Pin&) const = default;
};

std::string Describe(const Pin& p) {
  return "rows " + p.rows + ", " + std::to_string(p.bytes) + " bytes, crc32c " + p.crc32c;
}

// What the pins file holds, or what a run wrote: case arguments by case name, and pins by
// "case/path".
struct Pins {
  std::map<std::string, std::string> cases;
  std::map<std::string, Pin> files;
};

std::string Join(const std::vector<std::string>& args) {
  std::string s;
  for (const std::string& a : args) s += (s.empty() ? "" : " ") + a;
  return s;
}

// Parses the pins file; a malformed line fails the test, naming it.
Pins ReadPins(const std::string& text) {
  Pins pins;
  int line_number = 0;
  for (std::string_view line : Lines(text)) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("case ")) {
      const size_t colon = line.find(": ");
      if (colon == std::string_view::npos) {
        ADD_FAILURE() << kPinsPath << ":" << line_number << ": no ': ' in " << line;
        continue;
      }
      pins.cases[std::string(line.substr(5, colon - 5))] = std::string(line.substr(colon + 2));
      continue;
    }
    std::istringstream fields{std::string(line)};
    std::string path;
    Pin pin;
    if (!(fields >> path >> pin.rows >> pin.bytes >> pin.crc32c)) {
      ADD_FAILURE() << kPinsPath << ":" << line_number
                    << ": expected PATH ROWS BYTES CRC32C: " << line;
      continue;
    }
    pins.files[path] = pin;
  }
  return pins;
}

std::string FormatPins(const std::vector<GoldenCase>& cases, const Pins& pins) {
  std::string out = kPinsHeader;
  for (const GoldenCase& c : cases) {
    out += "\ncase " + c.name + ": " + pins.cases.at(c.name) + "\n";
    for (auto it = pins.files.lower_bound(c.name + "/");
         it != pins.files.end() && it->first.starts_with(c.name + "/"); ++it) {
      out += it->first + " " + it->second.rows + " " + std::to_string(it->second.bytes) + " " +
             it->second.crc32c + "\n";
    }
  }
  return out;
}

// What a dataset's manifest.json says of each file, by path.
std::map<std::string, Pin> ManifestFiles(const fs::path& dataset) {
  std::map<std::string, Pin> claimed;
  const std::optional<JsonValue> manifest = JsonValue::Parse(ReadFile(dataset / "manifest.json"));
  const JsonValue* files = manifest.has_value() ? manifest->find("files") : nullptr;
  if (files == nullptr || !files->is_array()) {
    ADD_FAILURE() << dataset / "manifest.json"
                  << " has no list of files";
    return claimed;
  }
  for (const JsonValue& f : files->items()) {
    const JsonValue* path = f.find("path");
    const JsonValue* rows = f.find("rows");
    const JsonValue* bytes = f.find("bytes");
    const JsonValue* crc = f.find("crc32c");
    if (path == nullptr || rows == nullptr || bytes == nullptr || crc == nullptr) {
      ADD_FAILURE() << dataset / "manifest.json"
                    << ": a file without path, rows, bytes or crc32c";
      continue;
    }
    claimed[path->text()] =
        Pin{rows->text(), static_cast<uint64_t>(bytes->integer().value_or(-1)), crc->text()};
  }
  return claimed;
}

// Runs one case with `threads` and adds its pins to `pins`.
void RunCase(const GoldenCase& c, const std::string& threads, const fs::path& out, Pins* pins) {
  std::vector<std::string> args{"generate"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  args.insert(args.end(), {"--out", out.string(), "--threads", threads, "-q"});
  const ProcessResult r = Ecomsim(args);
  ASSERT_EQ(r.exit_code, 0) << c.name << ": " << r.err;
  pins->cases[c.name] = Join(c.args);

  const std::map<std::string, Pin> claimed = ManifestFiles(out);
  std::vector<char> buffer(1 << 20);
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    const std::string path = fs::relative(e.path(), out).generic_string();
    std::ifstream in(e.path(), std::ios::binary);
    Crc32c crc;
    Pin pin;
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
      crc.Update(buffer.data(), static_cast<size_t>(in.gcount()));
      pin.bytes += static_cast<uint64_t>(in.gcount());
    }
    pin.crc32c = Hex32(crc.value());
    if (path == "manifest.json") {
      pin.rows = "-";
    } else {
      auto it = claimed.find(path);
      if (it == claimed.end()) {
        ADD_FAILURE() << c.name << ": " << path << " is not in manifest.json";
        pin.rows = "?";
      } else {
        pin.rows = it->second.rows;
        EXPECT_EQ(it->second, pin) << c.name << ": manifest.json disagrees with " << path;
      }
    }
    pins->files[c.name + "/" + path] = pin;
  }
  for (const auto& [path, pin] : claimed) {
    EXPECT_TRUE(fs::is_regular_file(out / path))
        << c.name << ": manifest.json lists " << path << ", which is not there";
  }
  fs::remove_all(out);  // the next case needs the disk more than this one
}

// The differences between the pins and a run, one line each; empty when they agree.
std::vector<std::string> Differences(const Pins& pinned, const Pins& run) {
  std::vector<std::string> diff;
  for (const auto& [name, args] : run.cases) {
    auto it = pinned.cases.find(name);
    if (it == pinned.cases.end()) {
      diff.push_back("new case     " + name + ": " + args);
    } else if (it->second != args) {
      diff.push_back("case changed " + name + ": pinned `" + it->second + "`, now `" + args + "`");
    }
  }
  for (const auto& [name, args] : pinned.cases) {
    if (!run.cases.contains(name)) diff.push_back("case gone    " + name + ": " + args);
  }
  for (const auto& [path, pin] : run.files) {
    auto it = pinned.files.find(path);
    if (it == pinned.files.end()) {
      diff.push_back("new file     " + path + " (" + Describe(pin) + ")");
    } else if (!(it->second == pin)) {
      diff.push_back("changed      " + path + ": pinned " + Describe(it->second) + "; now " +
                     Describe(pin));
    }
  }
  for (const auto& [path, pin] : pinned.files) {
    if (!run.files.contains(path)) {
      diff.push_back("missing      " + path + " (pinned " + Describe(pin) + ")");
    }
  }
  return diff;
}

class GoldenTest : public CliTest {};

TEST_F(GoldenTest, EveryFileMatchesItsPin) {
  const char* threads_env = std::getenv("ECOMSIM_GOLDEN_THREADS");
  const std::string threads = threads_env != nullptr ? threads_env : "2";
  const char* update_env = std::getenv("ECOMSIM_UPDATE_GOLDEN");
  const bool update = update_env != nullptr && std::string(update_env) == "1";

  const std::vector<GoldenCase> cases = Cases();
  Pins run;
  for (const GoldenCase& c : cases) {
    RunCase(c, threads, tmp_ / c.name, &run);
    if (HasFatalFailure()) return;
  }
  if (HasFailure()) return;  // never pin output that contradicts its own manifest

  std::string text;
  if (std::ifstream in(kPinsPath, std::ios::binary); in) {
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
  } else if (!update) {
    ADD_FAILURE() << "cannot read " << kPinsPath;
  }
  const std::vector<std::string> diff = Differences(ReadPins(text), run);
  std::string listing;
  for (const std::string& line : diff) listing += "  " + line + "\n";

  if (update) {
    std::ofstream out(kPinsPath, std::ios::binary | std::ios::trunc);
    out << FormatPins(cases, run);
    out.close();
    ASSERT_TRUE(out.good()) << "cannot write " << kPinsPath;
    std::printf("updated %s (%zu differences):\n%s", kPinsPath, diff.size(), listing.c_str());
    return;
  }
  EXPECT_TRUE(diff.empty())
      << "the output differs from the golden pins in " << kPinsPath << " (" << diff.size()
      << " differences, --threads " << threads << "):\n"
      << listing
      << "If the change is intended, update the pins with\n"
         "  ECOMSIM_UPDATE_GOLDEN=1 ctest --test-dir build/release -R golden\n"
         "and commit them with the change, saying in the message why the output changed.";
}

}  // namespace
}  // namespace ecomsim::testing
