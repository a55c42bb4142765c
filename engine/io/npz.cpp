#include "engine/io/npz.hpp"

#include <zip.h>

#include <memory>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

namespace {

constexpr zip_uint64_t kMaxMember = zip_uint64_t(1) << 34;  // 16 GiB, as for a .npy file

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read only: nothing to write back
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

Zip open_archive(const std::string& path) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, error);
    const std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    throw FileError(path + " cannot be read as an .npz archive (" + why +
                    "); save it with np.savez or np.savez_compressed");
  }
  return Zip(z);
}

const char* member_suffix = ".npy";

}  // namespace

std::vector<std::string> npz_array_names(const std::string& path) {
  const Zip z = open_archive(path);
  std::vector<std::string> names;
  const zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z.get(), zip_uint64_t(i), 0);
    if (!name) continue;
    std::string s = name;
    if (s.size() > 4 && s.compare(s.size() - 4, 4, member_suffix) == 0) names.push_back(s.substr(0, s.size() - 4));
  }
  return names;
}

std::string npz_member_bytes(const std::string& path, const std::string& name) {
  const Zip z = open_archive(path);
  const std::string member = name + member_suffix;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z.get(), member.c_str(), 0, &st) != 0) {
    std::string have;
    for (const std::string& a : npz_array_names(path)) have += (have.empty() ? "" : ", ") + quote(a);
    throw FileError(path + " holds no array " + quote(name) + " (its arrays: " + (have.empty() ? "none" : have) +
                    "); save it with np.savez(path, X=X, y=y)");
  }
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > kMaxMember)
    throw FileError(path + ": the member " + quote(member) + " is too large or of unknown size");
  const std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen(z.get(), member.c_str(), 0));
  if (!f) throw FileError(path + ": the member " + quote(member) + " cannot be opened (" + zip_strerror(z.get()) + ")");
  std::string bytes(std::size_t(st.size), '\0');
  zip_uint64_t done = 0;
  while (done < st.size) {
    const zip_int64_t got = zip_fread(f.get(), bytes.data() + done, st.size - done);
    if (got < 0)
      throw FileError(path + ": the member " + quote(member) + " is damaged (" + zip_file_strerror(f.get()) + ")");
    if (got == 0) break;
    done += zip_uint64_t(got);
  }
  if (done != st.size) throw FileError(path + ": the member " + quote(member) + " is truncated");
  return bytes;
}

}  // namespace rnnwb
