#pragma once
// The machine's physical memory, for refusing work that cannot fit before allocating it (a
// clear message instead of std::bad_alloc half-way, or the system killing the process).
#include <unistd.h>

namespace rnnwb {

// Bytes of physical memory, or 0 when the system does not say.
inline double physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? double(pages) * double(page) : 0.0;
}

}  // namespace rnnwb
