//! Where a run's documents come from: files and folders, JSON Lines corpora (plain, gzip, zstd) and
//! standard input, turned into one lazy stream of inputs so that a corpus is never held whole.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use policy_rules_core::corpus::{self, Fields, Records, Shard};
use policy_rules_core::Input;

/// One source of documents, with the project whose rules check them.
pub enum Source {
    /// Files named or found in folders, each with its project.
    Files(Vec<(usize, Input)>),
    /// A JSON Lines corpus file.
    Corpus {
        /// The project of the folder the corpus is in.
        project: usize,
        /// The corpus file.
        path: PathBuf,
    },
    /// A JSON Lines corpus on standard input.
    StdinCorpus {
        /// The project of the current folder.
        project: usize,
    },
}

/// How many bytes were read from the corpus files so far (compressed, as stored), for progress.
#[derive(Debug, Clone, Default)]
pub struct BytesRead(Arc<AtomicU64>);

impl BytesRead {
    /// The count so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A reader that adds what it reads to a [`BytesRead`].
struct Counting<R> {
    inner: R,
    count: BytesRead,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count.0.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// A stream of inputs, each with its project's index.
pub type Inputs<'a> = Box<dyn Iterator<Item = (usize, Input)> + Send + 'a>;

/// The inputs of `sources` in order, read lazily, keeping only `shard`'s share when one is given.
pub fn inputs<'a>(
    sources: Vec<Source>,
    fields: Fields,
    stdin: &'a mut (dyn Read + Send),
    shard: Option<Shard>,
    read: BytesRead,
) -> Inputs<'a> {
    let mut stdin = Some(stdin);
    let all = sources.into_iter().flat_map(move |source| -> Inputs<'a> {
        match source {
            Source::Files(files) => Box::new(files.into_iter()),
            Source::Corpus { project, path } => {
                // Only a regular file is opened: a named pipe or a device could block the run. Any
                // other path is reported as a document path is (io/not-a-file, io/unreadable).
                if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                    return Box::new(std::iter::once((project, Input::Path(path))));
                }
                let shown = path.display().to_string();
                let opened = std::fs::File::open(&path)
                    .and_then(|file| corpus::decompress(Counting { inner: file, count: read.clone() }));
                match opened {
                    Ok(reader) => {
                        Box::new(Records::new(reader, shown, fields.clone()).map(move |input| (project, input)))
                    }
                    Err(error) => {
                        let reason = error.to_string();
                        Box::new(std::iter::once((project, Input::Unreadable { path: shown, reason })))
                    }
                }
            }
            Source::StdinCorpus { project } => {
                let Some(stdin) = stdin.take() else { return Box::new(std::iter::empty()) };
                match corpus::decompress(Counting { inner: stdin, count: read.clone() }) {
                    Ok(reader) => {
                        Box::new(Records::new(reader, "-", fields.clone()).map(move |input| (project, input)))
                    }
                    Err(error) => {
                        let reason = format!("cannot read standard input: {error}");
                        Box::new(std::iter::once((project, Input::Unreadable { path: "-".into(), reason })))
                    }
                }
            }
        }
    });
    match shard {
        Some(shard) => Box::new(all.filter(move |(_, input)| shard.keeps(&input.id()))),
        None => Box::new(all),
    }
}

/// What is known in advance of a run's size: the number of files, and the bytes of the corpus
/// files (`None` when a corpus comes from standard input).
pub fn sizes(sources: &[Source]) -> (usize, Option<u64>, bool) {
    let mut files = 0;
    let mut bytes = Some(0u64);
    let mut corpora = false;
    for source in sources {
        match source {
            Source::Files(list) => files += list.len(),
            Source::Corpus { path, .. } => {
                corpora = true;
                let len = std::fs::metadata(path).map_or(0, |m| m.len());
                bytes = bytes.map(|b| b + len);
            }
            Source::StdinCorpus { .. } => {
                corpora = true;
                bytes = None;
            }
        }
    }
    (files, bytes, corpora)
}
