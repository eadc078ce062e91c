//! Where results go: format from `--format` or the `-o` extension, atomic file writes,
//! `--check` against an existing file, and a quiet end on a closed stdout pipe.

use crate::error::{Error, Result};
use crate::render::Format;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub mod file;

/// Where a result is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A named file: a regular file replaced atomically, a device or FIFO written in place.
    File(PathBuf),
}

/// The resolved output: format, destination, and whether to only check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The format to render.
    pub format: Format,
    /// Where to write it.
    pub destination: Destination,
    /// Compare with the existing file instead of writing.
    pub check: bool,
}

impl Output {
    /// Resolves `--format`, `-o` and `--check` for a command that supports `supported`
    /// (the first is the default on stdout).
    pub fn resolve(
        format: Option<Format>,
        output: Option<&Path>,
        check: bool,
        command: &str,
        supported: &[Format],
    ) -> Result<Output> {
        let destination = match output {
            None => Destination::Stdout,
            Some(p) if p.as_os_str() == "-" => Destination::Stdout,
            Some(p) => Destination::File(p.to_path_buf()),
        };
        let implied = match &destination {
            Destination::File(p) => {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                let device = matches!(file::target(p), Ok(file::Target::Direct { .. }));
                match (Format::from_extension(ext), format) {
                    // `/dev/null`, `/dev/stdout`: the default format, as on stdout.
                    (None, None) if device && ext.is_empty() => None,
                    (None, None) => {
                        return Err(Error::Usage(format!(
                            "cannot tell the format of \"{}\" from its extension; add --format ({})",
                            p.display(),
                            names(supported)
                        )));
                    }
                    (Some(by_ext), Some(given)) if by_ext != given => {
                        return Err(Error::Usage(format!(
                            "--format {} contradicts the extension of \"{}\" (which means {}); change one of them",
                            given.name(),
                            p.display(),
                            by_ext.name()
                        )));
                    }
                    (by_ext, given) => given.or(by_ext),
                }
            }
            Destination::Stdout => format,
        };
        let format = implied.unwrap_or(supported[0]);
        if !supported.contains(&format) {
            return Err(Error::Usage(format!(
                "`{command}` cannot write {} (it writes: {})",
                format.name(),
                names(supported)
            )));
        }
        if format == Format::Xlsx
            && destination == Destination::Stdout
            && io::IsTerminal::is_terminal(&io::stdout())
        {
            return Err(Error::Usage(
                "a workbook is binary: write it with -o FILE.xlsx, or redirect stdout to a file"
                    .into(),
            ));
        }
        if check && destination == Destination::Stdout {
            return Err(Error::Usage(
                "--check needs -o FILE: the file to compare with".into(),
            ));
        }
        if let Destination::File(path) = &destination {
            // A folder, or a device to compare with, is refused before any work is done.
            let target = file::target(path).map_err(|e| Error::io(path, e))?;
            if let (true, file::Target::Direct { kind, .. }) = (check, target) {
                return Err(Error::Usage(format!(
                    "--check compares with a regular file, and {} is {kind}: name the file the result is kept in",
                    path.display()
                )));
            }
        }
        Ok(Output {
            format,
            destination,
            check,
        })
    }

    /// Refuses to write over one of the command's input files (the same file under any name:
    /// compared by device and inode, so a link or a `./` prefix is caught too).
    pub fn refuse_inputs(&self, inputs: &[&Path]) -> Result<()> {
        let Destination::File(path) = &self.destination else {
            return Ok(());
        };
        if self.check {
            return Ok(());
        }
        for input in inputs {
            if same_file(path, input) {
                return Err(Error::Usage(format!(
                    "-o {} is the input file {}: writing the result would destroy it; name another file",
                    path.display(),
                    input.display()
                )));
            }
        }
        Ok(())
    }

    /// Renders with `write` and sends the bytes to the destination. A regular file is replaced
    /// atomically (nothing changes unless rendering succeeds); a device or FIFO is written as
    /// the bytes come, like stdout (see [`file`]).
    pub fn emit(&self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
        match &self.destination {
            Destination::File(path) if self.check => {
                let mut fresh = Vec::new();
                write(&mut fresh).map_err(|e| Error::io(path, e))?;
                // Opening a FIFO to read would wait for a writer: only a regular file is read.
                if let file::Target::Direct { kind, .. } =
                    file::target(path).map_err(|e| Error::io(path, e))?
                {
                    return Err(Error::Usage(format!(
                        "--check compares with a regular file, and {} is {kind}: name the file the result is kept in",
                        path.display()
                    )));
                }
                // Only as much as the fresh output, and one byte more, is needed to compare:
                // a longer file is simply stale, however long it is.
                let existing = std::fs::File::open(path).and_then(|file| {
                    let mut existing = Vec::new();
                    io::Read::read_to_end(
                        &mut io::Read::take(file, fresh.len() as u64 + 1),
                        &mut existing,
                    )
                    .map(|_| existing)
                });
                match existing {
                    Ok(existing) if existing == fresh => Ok(()),
                    Ok(_) => Err(Error::CheckFailed(format!(
                        "{} is stale: regenerating it would change it (run the same command without --check to update it)",
                        path.display()
                    ))),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        Err(Error::CheckFailed(format!(
                            "{} does not exist (run the same command without --check to create it)",
                            path.display()
                        )))
                    }
                    Err(e) => Err(Error::io(path, e)),
                }
            }
            Destination::File(path) => write_atomically(path, write),
            Destination::Stdout => {
                let stdout = io::stdout();
                let mut buffered = BufWriter::with_capacity(1 << 16, stdout.lock());
                let result = write(&mut buffered).and_then(|()| buffered.flush());
                match result {
                    Ok(()) => Ok(()),
                    Err(e) if is_broken_pipe(&e) => Ok(()),
                    Err(e) => Err(Error::io("<stdout>", e)),
                }
            }
        }
    }
}

/// Writes a named file: a regular file through a temporary file and a rename (readers see the
/// old file or the whole new one, never half of it), a device or FIFO directly; see [`file`].
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    file::write(path, write).map_err(|e| Error::io(path, e))
}

/// Whether two names lead to the same existing regular file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

fn names(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether an error (or the error it wraps, e.g. a CSV writer's) is a closed pipe.
fn is_broken_pipe(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return true;
    }
    let Some(inner) = e.get_ref() else {
        return false;
    };
    if let Some(io) = inner.downcast_ref::<io::Error>() {
        return is_broken_pipe(io);
    }
    match inner.downcast_ref::<::csv::Error>().map(::csv::Error::kind) {
        Some(::csv::ErrorKind::Io(io)) => is_broken_pipe(io),
        _ => false,
    }
}
