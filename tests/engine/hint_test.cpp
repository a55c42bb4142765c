// Engine messages carry hints (which setting, which values); what() words them neutrally and the
// command line as flags.
#include "engine/core/hint.hpp"

#include <gtest/gtest.h>

#include "app/cli/cli_wording.hpp"
#include "engine/core/error.hpp"
#include "engine/data/pipeline.hpp"

namespace rnnwb {
namespace {

Series gappy() {
  Series s;
  s.names = {"x"};
  s.columns = {{1, NAN, 3, 4, 5, 6, 7, 8, 9, 10}};
  return s;
}

TEST(Hints, AnEngineErrorNamesTheSettingAndItsValues) {
  PipelineConfig c;
  c.targets = {"x"};
  c.window = 2;
  try {
    fit_pipeline(gappy(), c, nullptr);
    FAIL();
  } catch (const DataError& e) {
    const std::vector<Hint> hints = e.message.hints();
    ASSERT_EQ(hints.size(), 1u);
    EXPECT_EQ(hints[0].setting, Setting::MissingPolicy);
    EXPECT_EQ(hints[0].values, (std::vector<std::string>{"interpolate", "ffill", "drop"}));
    EXPECT_EQ(std::string(e.what()).find("--"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("missing-value policy: interpolate, ffill or drop"), std::string::npos);
    EXPECT_NE(cli::cli_words(e).find("(--missing interpolate, ffill or drop)"), std::string::npos) << cli::cli_words(e);
  }
}

TEST(Hints, EachFormIsWordedForTheCommandLine) {
  Message m = Message("use a shorter ") << Hint::name(Setting::Window) << "; lag"
                                        << Hint::where_above(Setting::Window, 3) << "; "
                                        << Hint::use(Setting::MissingPolicy, {"a", "b"}) << "; "
                                        << Hint::use(Setting::Log);
  EXPECT_EQ(cli::cli_words(m), "use a shorter --window; lag (--window > 3); use --missing a|b; add --log");
  EXPECT_EQ(m.neutral(), "use a shorter window; lag (window > 3); set the missing-value policy to a or b; set the log");
  EXPECT_EQ(cli::cli_words(std::runtime_error("plain")), "plain");
}

}  // namespace
}  // namespace rnnwb
