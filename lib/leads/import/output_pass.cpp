#include <leads/import/run.hpp>

#include <leads/csv/writer.hpp>
#include <leads/import/bucket_renderer.hpp>
#include <leads/stop.hpp>

#include <future>

namespace leads::import::detail {

namespace {

// Buckets rendered at the same time (each holds its spilled rows and output).
constexpr std::size_t k_in_flight = 3;

// One bucket's work: its input, rendered on a worker thread, and its output.
// Jobs are reused from bucket to bucket, so their buffers keep their memory.
struct BucketJob {
  explicit BucketJob(Run& run) : renderer(run, run.lead_names) {}

  BucketRenderer renderer;
  SpillBytes spill;
  StoreChunk store;
  std::string leads;
  std::string events;
  std::shared_future<void> done; // rendered and written out
};

// Whether each field starts one byte, a comma, after the one before ends.
bool one_after_another(std::span<const std::string_view> fields) {
  for (std::size_t k = 1; k < fields.size(); ++k) {
    if (fields[k].data() != fields[k - 1].data() + fields[k - 1].size() + 1 || fields[k].data()[-1] != ',') {
      return false;
    }
  }
  return !fields.empty();
}

// Copies the stored leads of bucket b out of the stream (which is at the first of them).
void read_store_chunk(store::StoreReader& stream, unsigned bucket, StoreChunk& chunk) {
  chunk.fields = stream.header().size();
  while (!stream.at_end() && SpillBuckets::bucket_of(stream.id()) == bucket) {
    chunk.ids.push_back(stream.id());
    const auto& fields = stream.record().fields;
    const std::size_t start = chunk.bytes.size();
    if (fields.size() == chunk.fields && one_after_another(fields)) {
      // Unquoted in the file: the record's text is its values joined by commas.
      const char* const low = fields.front().data();
      chunk.bytes.append(low, static_cast<std::size_t>(fields.back().data() + fields.back().size() - low));
      chunk.bytes += ',';
      for (std::string_view field : fields) {
        chunk.offsets.push_back(
            static_cast<std::uint32_t>(start + static_cast<std::size_t>(field.data() - low)));
      }
    } else {
      for (std::size_t f = 0; f < chunk.fields; ++f) {
        chunk.offsets.push_back(static_cast<std::uint32_t>(chunk.bytes.size()));
        chunk.bytes.append(f < fields.size() ? fields[f] : std::string_view());
        chunk.bytes += ',';
      }
    }
    chunk.offsets.push_back(static_cast<std::uint32_t>(chunk.bytes.size()));
    const std::string_view line = std::string_view(chunk.bytes).substr(start, chunk.bytes.size() - start - 1);
    chunk.as_is.push_back(csv::written_as_is(line, chunk.fields));
    stream.next();
  }
}

} // namespace

void write_leads(Run& run, store::StoreReader* store, store::CsvSink& leads, store::CsvSink* events) {
  leads.row(std::span<const std::string>(run.columns));
  if (store != nullptr) {
    store->next();
  }
  // Buckets in order; up to k_in_flight rendered at once on worker threads,
  // while this thread copies the next buckets' stored leads out of the store.
  // Each job writes its text out once the job of the bucket before has (a
  // chain of futures keeps the output in bucket order), so that writing, too,
  // is off this thread. Bucket b takes job b % k_in_flight once the job's
  // previous bucket is written.
  std::vector<std::unique_ptr<BucketJob>> jobs;
  for (std::size_t j = 0; j < k_in_flight; ++j) {
    jobs.push_back(std::make_unique<BucketJob>(run));
  }
  std::shared_future<void> previous; // the bucket before's job, done
  try {
    for (unsigned b = 0; b < SpillBuckets::k_count; ++b) {
      throw_if_stop_requested();
      BucketJob& job = *jobs[b % k_in_flight];
      if (job.done.valid()) {
        job.done.get();
      }
      run.buckets.take(b, job.spill);
      job.store.clear();
      if (store != nullptr) {
        read_store_chunk(*store, b, job.store);
      }
      job.leads.clear();
      job.events.clear();
      job.done = std::async(std::launch::async, [&job, &leads, events, previous] {
                   job.renderer.render(job.spill.view(), job.store, job.leads,
                                       events != nullptr ? &job.events : nullptr);
                   if (previous.valid()) {
                     previous.get(); // rethrows the failure of a bucket before: write nothing more
                   }
                   leads.text(job.leads);
                   if (events != nullptr) {
                     events->text(job.events);
                   }
                 }).share();
      previous = job.done;
    }
    if (previous.valid()) {
      previous.get(); // the last bucket, and so every bucket, written
    }
    // Merges that changed nothing are counted apart: read = new + merged + unchanged + rejected.
    for (const auto& job : jobs) {
      run.summary.unchanged += job->renderer.unchanged();
      run.summary.merged -= job->renderer.unchanged();
      run.summary.stage_events += job->renderer.stage_events();
    }
    for (auto& shared : run.summary.first_shared_phones) {
      const auto it =
          std::lower_bound(run.named_leads.begin(), run.named_leads.end(), *lead::parse_id(shared.lead));
      shared.lead_name = run.lead_names[static_cast<std::size_t>(it - run.named_leads.begin())];
    }
  } catch (...) {
    for (auto& job : jobs) {
      if (job->done.valid()) {
        job->done.wait();
      }
    }
    throw;
  }
}

} // namespace leads::import::detail
