#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include <sys/mman.h>
#include <unistd.h>

namespace leads::lead {

// A fixed-size array of T in pages of its own, all zero bytes until written:
// the system hands a page over when it is first touched, so a large table
// costs memory as it fills, not when it is made. Its first elements can be
// handed back early (release_front(), drain()), which lets a table be rebuilt
// into a bigger one while the old one shrinks, instead of holding both whole.
// For hash table slots whose all-zero value means "empty".
template <typename T> class ZeroPages {
  static_assert(std::is_trivially_copyable_v<T>);

public:
  ZeroPages() = default;
  explicit ZeroPages(std::size_t size) : m_size(size) {
    if (size == 0) {
      return;
    }
    void* memory = ::mmap(nullptr, bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::bad_alloc();
    }
    m_data = static_cast<T*>(memory);
    // A hash table is read at random: in 2 MiB pages, far fewer of its
    // lookups miss the TLB, and it faults in 512 times less often.
    if (bytes() >= k_huge_page) {
      ::madvise(memory, bytes(), MADV_HUGEPAGE);
    }
  }
  ~ZeroPages() {
    if (m_data != nullptr) {
      ::munmap(m_data, bytes());
    }
  }
  ZeroPages(ZeroPages&& other) noexcept { swap(other); }
  ZeroPages& operator=(ZeroPages&& other) noexcept {
    ZeroPages(std::move(other)).swap(*this);
    return *this;
  }
  ZeroPages(const ZeroPages&) = delete;
  ZeroPages& operator=(const ZeroPages&) = delete;

  void swap(ZeroPages& other) noexcept {
    std::swap(m_data, other.m_data);
    std::swap(m_size, other.m_size);
  }

  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  T& operator[](std::size_t i) { return m_data[i]; }
  const T& operator[](std::size_t i) const { return m_data[i]; }

  // Gives the whole pages among elements [0, count) back to the system; they
  // read as zero afterwards. For an array about to be dropped.
  void release_front(std::size_t count) {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t whole = count * sizeof(T) / page * page;
    if (m_data != nullptr && whole > 0) {
      ::madvise(m_data, whole, MADV_DONTNEED);
    }
  }

  // Calls visit(element) for each element in order, handing the visited
  // pages back as it goes. For an array being rebuilt into another.
  template <typename Visit>
  void drain(Visit visit) {
    constexpr std::size_t k_step = std::size_t{1} << 16; // elements between hand-backs
    for (std::size_t i = 0; i < m_size; ++i) {
      visit(static_cast<const T&>(m_data[i]));
      if ((i + 1) % k_step == 0) {
        release_front(i + 1);
      }
    }
  }

private:
  static constexpr std::size_t k_huge_page = std::size_t{2} << 20;

  std::size_t bytes() const { return m_size * sizeof(T); }

  T* m_data = nullptr;
  std::size_t m_size = 0;
};

} // namespace leads::lead
