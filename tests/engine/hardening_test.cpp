// The engine's side of the second hardening round: user text made printable, generated C that
// no metadata string can break out of, metadata rnnwb never writes refused field by field, and
// settings or data that a model file could not hold refused before training.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/export/c_text.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/training.hpp"
#include "small_model.hpp"

namespace rnnwb {
namespace {

using json = nlohmann::json;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(Text, PrintableEscapesControlsAndBadUtf8) {
  EXPECT_EQ(printable("plain text, Wärme °C"), "plain text, Wärme °C");
  EXPECT_EQ(printable("a\x1b[2Jb"), "a\\e[2Jb");
  EXPECT_EQ(printable(std::string("A\0B", 3)), "A\\x00B");
  EXPECT_EQ(printable("tab\tnew\nline\r"), "tab\\tnew\\nline\\r");
  EXPECT_EQ(printable("bell\x07 del\x7f"), "bell\\x07 del\\x7F");
  EXPECT_EQ(printable("c1 \xc2\x9b csi"), "c1 \\u009B csi");
  EXPECT_EQ(printable("caf\xe9"), "caf\\xE9");              // Latin-1
  EXPECT_EQ(printable("\xc0\xaf"), "\\xC0\\xAF");           // an overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(printable("back\\slash"), "back\\\\slash");     // so an escape cannot be faked
  EXPECT_FALSE(invalid_utf8_at("Wärme 😀").has_value());
  // For whole messages: controls escaped, backslashes of quote()d parts left, so it is idempotent.
  const std::string message = "bad " + quote("a\x1b") + " in \x1b[2J";
  EXPECT_EQ(terminal_safe(message), "bad \"a\\e\" in \\e[2J");
  EXPECT_EQ(terminal_safe(terminal_safe(message)), terminal_safe(message));
  EXPECT_EQ(invalid_utf8_at("ab\xff").value(), 2u);
}

TEST(Text, QuoteShortensAndSaysHowLong) {
  EXPECT_EQ(quote("x\"y"), "\"x\\\"y\"");
  const std::string q = quote(std::string(200'000'000, 'V'));
  EXPECT_LT(q.size(), 120u);
  EXPECT_TRUE(contains(q, "(200 MB in all)")) << q;
  EXPECT_EQ(quote(std::string(80, 'a')).size(), 82u);  // 80 characters are shown whole
  EXPECT_EQ(name_problem("ok name", "the column name"), "");
  EXPECT_TRUE(contains(name_problem("caf\xe9", "the column name"), "not valid UTF-8"));
  EXPECT_TRUE(contains(name_problem(std::string("A\0B", 3), "the column name"), "byte 0x00"));
  EXPECT_TRUE(contains(name_problem("a\xc2\x85", "the column name"), "U+0085"));
}

TEST(CText, CommentTextCannotEndOrNestAComment) {
  for (const std::string hostile : {std::string("0 */ int injected; /* "), std::string("/*/"), std::string("*//*"),
                                    std::string("??/\nx"), std::string("a\n#include <stdio.h>")}) {
    const std::string c = c_text::comment_text(hostile);
    EXPECT_FALSE(contains(c, "*/")) << c;
    EXPECT_FALSE(contains(c, "/*")) << c;
    EXPECT_FALSE(contains(c, "??")) << c;
    EXPECT_FALSE(contains(c, "\n")) << c;
  }
  const std::string lit = c_text::string_literal("\"*/ x \\ ??=");
  EXPECT_FALSE(contains(lit.substr(1, lit.size() - 2), "\"")) << lit;
  EXPECT_FALSE(contains(lit, "*/")) << lit;
}

// A small valid model (1 feature, LSTM(3), Dense(1), window 4) as metadata and tensors.
struct ModelFileLimits : ::testing::Test {
  TrainedModel model = [] {
    TrainedModel m = testing::small_trained_model();
    m.fit_status = FitStatus::Completed;
    m.data_sha256 = std::string(64, 'a');
    m.data_source = "a.csv";
    return m;
  }();
  std::vector<SafeTensor> tensors() const { return testing::tensors_of(model); }
  // The FileError of loading the metadata text (parsed as a file's would be), "" when it loads.
  std::string error(const std::string& text) const {
    try {
      model_from_parts(config_json::parse_metadata(text, "m.st", "the rnnwb metadata"), tensors(), "m.st");
    } catch (const FileError& e) {
      return e.what();
    }
    return "";
  }
  std::string error(const json& meta) const { return error(meta.dump()); }
};

TEST_F(ModelFileLimits, MetadataThatRnnwbNeverWritesIsRefused) {
  const json good = model_metadata(model);
  ASSERT_EQ(error(good), "");
  // Every status rnnwb writes loads: fit() results, checkpoints, and models the workbench restored.
  for (const char* status : {"completed", "early_stopped", "cancelled", "diverged", "in_progress", "interrupted", ""}) {
    json m = good;
    m["fit_status"] = status;
    EXPECT_EQ(error(m), "") << status;
  }
  struct Case {
    const char* what;
    std::function<void(json&)> damage;
    const char* says;
  };
  const std::vector<Case> cases = {
      {"C code as the SHA-256", [](json& m) { m["data"]["sha256"] = "0 */\n#include <stdio.h>\n/* "; },
       "64 lowercase hex"},
      {"a short SHA-256", [](json& m) { m["data"]["sha256"] = "abc"; }, "\"sha256\""},
      {"an unknown fit_status", [](json& m) { m["fit_status"] = "\x1b[31mok"; }, "\"fit_status\""},
      {"an ESC in the source", [](json& m) { m["data"]["source"] = "a\x1b]0;x\x07"; }, "control character"},
      {"a negative season", [](json& m) { m["season"] = -3; }, "\"season\""},
      {"a 2-item split",
       [](json& m) {
         m["split"] = {0.5, 0.5};
       },
       "three fractions"},
      {"a negative batch", [](json& m) { m["training"]["batch_size"] = -1; }, "\"batch_size\""},
      {"negative threads", [](json& m) { m["training"]["threads"] = -2; }, "\"threads\""},
      {"zero epochs", [](json& m) { m["training"]["epochs"] = 0; }, "\"epochs\""},
      {"a negative rate", [](json& m) { m["training"]["optimizer"]["lr"] = -1; }, "\"lr\""},
      {"a zero scale", [](json& m) { m["transforms"]["a"]["scale"] = 0; }, "\"scale\""},
      {"a null scale", [](json& m) { m["transforms"]["a"]["scale"] = nullptr; }, "\"scale\""},
      {"a null offset", [](json& m) { m["transforms"]["a"]["offset"] = nullptr; }, "\"offset\""},
      {"a negative lag", [](json& m) { m["transforms"]["a"]["diff_lag"] = -1; }, "\"diff_lag\""},
      {"a NUL in a name",
       [](json& m) {
         const std::string n("a\0b", 3);
         m["features"] = {n};
         m["targets"] = {n};
         m["transforms"] = {{n, m["transforms"]["a"]}};
       },
       "byte 0x00"},
      {"a Latin-1 byte in a name", [](json& m) { m["targets"] = {"caf\xe9"}; }, "UTF-8"},
      {"a negative best epoch", [](json& m) { m["best_epoch"] = -1; }, "\"best_epoch\""},
      {"history that is no list",
       [](json& m) {
         m["history"] = {{"epoch", 1}};
       },
       "\"history\""},
      {"metrics that are no object",
       [](json& m) {
         m["metrics"] = {1, 2};
       },
       "\"metrics\""},
      {"a dropout rate of 1", [](json& m) { m["layers"][0]["dropout"] = 1.0; }, "\"dropout\""},
      {"65 layers",
       [](json& m) {
         for (int i = 0; i < 64; ++i) m["layers"].insert(m["layers"].begin(), {{"type", "dropout"}, {"dropout", 0.1}});
       },
       "at most 64"},
  };
  for (const Case& c : cases) {
    json meta = good;
    // A NUL or Latin-1 byte cannot go through nlohmann's dump: build the text with a placeholder.
    c.damage(meta);
    std::string text;
    try {
      text = meta.dump();
    } catch (const json::exception&) {
      text = meta.dump(-1, ' ', false, json::error_handler_t::ignore);
      text.replace(text.find("caf"), 3, "caf\xe9");
    }
    const std::string e = error(text);
    EXPECT_TRUE(contains(e, "m.st") && contains(e, c.says)) << c.what << ": " << e;
  }
  // A key given twice: nlohmann would keep the last; the file is refused instead.
  std::string twice = good.dump();
  twice.replace(twice.find("\"window\":4"), 10, "\"window\":4,\"window\":5");
  EXPECT_TRUE(contains(error(twice), "gives the key \"window\" twice")) << error(twice);
  std::string nested = good.dump();
  nested.replace(nested.find("\"scaler\":"), 9, "\"scaler\":\"none\",\"scaler\":");
  EXPECT_TRUE(contains(error(nested), "\"scaler\" twice")) << error(nested);
}

Series wave(std::size_t n, double scale = 1.0) {
  Series s;
  s.names = {"a"};
  s.columns.resize(1);
  for (std::size_t i = 0; i < n; ++i) s.columns[0].push_back(scale * (10 + std::sin(0.3 * double(i))));
  return s;
}

TrainRequest small_request() {
  TrainRequest r;
  r.pipeline.targets = {"a"};
  r.pipeline.window = 6;
  r.layers = {LayerSpec::lstm(4)};
  r.fit.epochs = 1;
  r.data_source = "wave.csv";
  return r;
}

std::string prepare_error(const Series& s, const TrainRequest& r) {
  try {
    prepare_training(s, r);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(Training, NamesThatAModelFileCannotHoldAreRefusedBeforeTraining) {
  EXPECT_EQ(prepare_error(wave(100), small_request()), "");
  Series latin1 = wave(100);
  latin1.names = {"caf\xe9"};
  TrainRequest r = small_request();
  r.pipeline.targets = {"caf\xe9"};
  EXPECT_THROW(prepare_training(latin1, r), DataError);
  EXPECT_TRUE(contains(prepare_error(latin1, r), "not valid UTF-8"));
  r = small_request();
  r.data_source = "d\xe9.csv";
  EXPECT_TRUE(contains(prepare_error(wave(100), r), "rename the file"));
  r = small_request();
  r.data_sha256 = "nope";
  EXPECT_TRUE(contains(prepare_error(wave(100), r), "could not be opened again"));
  r = small_request();
  r.fit.threads = 5000;
  EXPECT_THROW(prepare_training(wave(100), r), ConfigError);
}

TEST(Transforms, NonFiniteStatisticsAreRefusedNamingTheColumn) {
  // Standard scaling of values near 1e301: the variance overflows to infinity.
  const std::string e = prepare_error(wave(100, 1e300), small_request());
  EXPECT_TRUE(contains(e, "column \"a\"") && contains(e, "too large to scale")) << e;
  // Differences of +-1.7e308 overflow even without scaling.
  Series s = wave(100);
  for (std::size_t i = 0; i < 100; ++i) s.columns[0][i] = (i % 2 ? -1.7e308 : 1.7e308);
  TrainRequest r = small_request();
  r.pipeline.default_transform.diff_lag = 1;
  r.pipeline.default_transform.scaler = Scaler::None;
  const std::string d = prepare_error(s, r);
  EXPECT_TRUE(contains(d, "column \"a\" row 2 becomes infinite")) << d;
}

}  // namespace
}  // namespace rnnwb
