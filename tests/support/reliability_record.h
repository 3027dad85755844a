#pragma once

#include <string>

namespace atsguard::testing {

// One row of tests/RELIABILITY.md: what was checked, under what load or with how many
// inputs, and what came out. Appended as a JSON line to the file named by
// $ATSGUARD_RELIABILITY_OUT (tests/reliability/run.sh sets it); a no-op when it is unset.
// A row only reports figures: the test's own assertions decide pass or fail, and the
// report marks a row whose test failed.
void RecordReliability(const std::string& check, const std::string& load,
                       const std::string& result);

}  // namespace atsguard::testing
