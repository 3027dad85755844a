// The doctest main of every test binary, with one addition: a --test-case filter that
// matches no test case fails. ctest runs each case alone through such a filter, and a
// name doctest_discover_tests cannot carry (it splits names at ';') would otherwise be
// registered as tests that pass without running anything.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string_view>

namespace {

int cases_matched = -1;  // -1: the run did not reach its end (a query such as --list-test-cases)

struct MatchCounter : doctest::IReporter {
  explicit MatchCounter(const doctest::ContextOptions&) {}
  void test_run_end(const doctest::TestRunStats& stats) override {
    cases_matched = static_cast<int>(stats.numTestCasesPassingFilters);
  }
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("match-counter", 1, MatchCounter);

bool FiltersByTestCase(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--test-case=") || arg.starts_with("-tc=")) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  int result = context.run();
  if (result == 0 && cases_matched == 0 && FiltersByTestCase(argc, argv)) {
    std::fprintf(stderr, "test main: no test case matches the --test-case filter\n");
    return 1;
  }
  return result;
}
