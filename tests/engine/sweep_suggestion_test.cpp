// What the workbench's sweep dialog prefills: each setting's current value and its neighbours.
#include "engine/experiments/sweep_suggestion.hpp"

#include <gtest/gtest.h>

namespace rnnwb {
namespace {

Session plain_settings() {
  Session s;
  s.data_source = "sample:sunspots";
  s.pipeline.targets = {"SUNACTIVITY"};
  s.pipeline.window = 12;
  s.layers = {LayerSpec::gru(32)};
  s.fit.optimizer.lr = 0.001;
  s.fit.batch_size = 32;
  s.fit.epochs = 20;
  s.fit.seed = 7;
  return s;
}

std::string value_of(const Session& s, const char* name) { return sweep_value_of(s, *find_sweep_setting(name)); }

std::vector<std::string> suggested(const Session& s, const char* name) {
  return suggested_sweep_values(*find_sweep_setting(name), value_of(s, name));
}

using Values = std::vector<std::string>;

TEST(SweepSuggestion, CurrentValuesAreWrittenAsAnAxisWritesThem) {
  Session s = plain_settings();
  EXPECT_EQ(value_of(s, "units"), "32");
  EXPECT_EQ(value_of(s, "layers"), "1");
  EXPECT_EQ(value_of(s, "cell"), "gru");
  EXPECT_EQ(value_of(s, "bidirectional"), "false");
  EXPECT_EQ(value_of(s, "dropout"), "0");
  EXPECT_EQ(value_of(s, "lr"), "0.001");
  EXPECT_EQ(value_of(s, "batch_size"), "32");
  EXPECT_EQ(value_of(s, "window"), "12");
  EXPECT_EQ(value_of(s, "seed"), "7");
  s.layers = {LayerSpec::lstm(64, true), LayerSpec::dropout(0.25), LayerSpec::lstm(16)};
  EXPECT_EQ(value_of(s, "units"), "64/16");
  EXPECT_EQ(value_of(s, "layers"), "2");
  EXPECT_EQ(value_of(s, "dropout"), "0.25");
  s.layers = {LayerSpec::lstm(8, true), LayerSpec::dense(4)};  // not a plain stack: no value
  EXPECT_EQ(value_of(s, "units"), "");
  s.sequences = SequenceSession{};
  EXPECT_EQ(value_of(s, "window"), "");  // a sequence dataset has no window
}

TEST(SweepSuggestion, NeighboursSurroundTheCurrentValue) {
  const Session s = plain_settings();
  EXPECT_EQ(suggested(s, "units"), (Values{"16", "32", "64"}));
  EXPECT_EQ(suggested(s, "lr"), (Values{"0.00033", "0.001", "0.003"}));
  EXPECT_EQ(suggested(s, "batch_size"), (Values{"16", "32", "64"}));
  EXPECT_EQ(suggested(s, "layers"), (Values{"1", "2"}));
  EXPECT_EQ(suggested(s, "cell"), (Values{"gru", "lstm", "rnn"}));
  EXPECT_EQ(suggested(s, "bidirectional"), (Values{"false", "true"}));
  EXPECT_EQ(suggested(s, "dropout"), (Values{"0", "0.2"}));
  EXPECT_EQ(suggested(s, "patience"), (Values{"0", "5"}));
  EXPECT_EQ(suggested(s, "seed"), (Values{"7", "8", "9"}));
  EXPECT_EQ(suggested_sweep_values(*find_sweep_setting("units"), "64/32"), (Values{"64/32"}));
}

TEST(SweepSuggestion, EverySuggestionIsAValueTheSweepAccepts) {
  const Session s = plain_settings();
  for (const SweepSetting& setting : sweep_settings())
    for (const std::string& v : suggested_sweep_values(setting, sweep_value_of(s, setting))) {
      Session copy = s;
      EXPECT_NO_THROW(apply_sweep_value(copy, setting.name, v)) << setting.name << "=" << v;
    }
}

}  // namespace
}  // namespace rnnwb
