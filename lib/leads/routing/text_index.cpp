#include <leads/routing/text_index.hpp>

#include <xxhash.h>

namespace leads::routing {

TextIndex::TextIndex() : m_slots(64), m_offsets{0} {}

std::size_t TextIndex::probe(std::string_view text, std::uint64_t hash) const {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& at = m_slots[slot];
    if (at.index == k_empty || (at.hash == hash && this->text(at.index) == text)) {
      return slot;
    }
  }
}

std::optional<std::uint32_t> TextIndex::find(std::string_view text) const {
  const Slot& at = m_slots[probe(text, XXH3_64bits(text.data(), text.size()))];
  return at.index == k_empty ? std::nullopt : std::optional<std::uint32_t>(at.index);
}

std::uint32_t TextIndex::intern(std::string_view text) {
  const std::uint64_t hash = XXH3_64bits(text.data(), text.size());
  std::size_t slot = probe(text, hash);
  if (m_slots[slot].index != k_empty) {
    return m_slots[slot].index;
  }
  const auto index = static_cast<std::uint32_t>(size());
  m_texts.append(text);
  m_offsets.push_back(m_texts.size());
  m_slots[slot] = {hash, index};
  if (2 * size() > m_slots.size()) {
    grow();
  }
  return index;
}

std::string_view TextIndex::text(std::uint32_t index) const {
  return std::string_view(m_texts).substr(m_offsets[index], m_offsets[index + 1] - m_offsets[index]);
}

void TextIndex::grow() {
  std::vector<Slot> old(m_slots.size() * 2);
  old.swap(m_slots);
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& at : old) {
    if (at.index == k_empty) {
      continue;
    }
    std::size_t slot = at.hash & mask;
    while (m_slots[slot].index != k_empty) {
      slot = (slot + 1) & mask;
    }
    m_slots[slot] = at;
  }
}

} // namespace leads::routing
