//! A small HTTP/1.1 client over a TCP stream for the workspace's tests and load benchmark: GET
//! requests on one kept-alive connection, responses with a content length or chunked.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// One response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// A kept-alive connection to the server.
pub struct Client {
    host: String,
    reader: BufReader<TcpStream>,
}

impl Client {
    /// Connects to `addr` (host:port).
    pub fn connect(addr: &str) -> std::io::Result<Client> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
        Ok(Client {
            host: addr.to_string(),
            reader: BufReader::new(stream),
        })
    }

    /// GET `path` (already percent-encoded where needed).
    pub fn get(&mut self, path: &str) -> std::io::Result<Response> {
        self.send("GET", path, &[], None)
    }

    /// A request with extra headers and a body (its content type and bytes).
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, &[u8])>,
    ) -> std::io::Result<Response> {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\n",
            self.host
        );
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some((kind, bytes)) = body {
            request.push_str(&format!(
                "Content-Type: {kind}\r\nContent-Length: {}\r\n",
                bytes.len()
            ));
        } else if method != "GET" {
            request.push_str("Content-Length: 0\r\n");
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        if let Some((_, b)) = body {
            bytes.extend_from_slice(b);
        }
        self.reader.get_mut().write_all(&bytes)?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let find = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v): &(String, String)| v.clone())
        };
        let mut body = Vec::new();
        if let Some(n) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
            body.resize(n, 0);
            self.reader.read_exact(&mut body)?;
        } else if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim(), 16)
                    .map_err(|_| std::io::Error::other("bad chunk size"))?;
                let mut chunk = vec![0u8; n + 2];
                self.reader.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// Percent-encodes a query value or path segment.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Serves a workspace on a free port of 127.0.0.1 from a background thread: its address.
pub fn spawn(ws: chainlead::serve::Workspace) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a free port");
            tx.send(listener.local_addr().expect("an address").to_string())
                .ok();
            chainlead::serve::serve(listener, std::sync::Arc::new(ws), std::future::pending())
                .await
                .ok();
        });
    });
    rx.recv().expect("the server starts")
}

/// Loads a workspace from `source` for `home` with the default profile and the demo's data date,
/// without progress bars.
pub fn load(
    source: &chainlead::pipeline::Source,
    set: chainlead::ChainSet,
    home: &str,
) -> chainlead::serve::Workspace {
    chainlead::serve::Workspace::load(
        source,
        set,
        home,
        chainlead::leads::Profile::default_profile(),
        chainlead::leads::profile::default_data_date(),
        |p| format!("{} rows", p.rows),
        &chainlead::progress::Progress::hidden(),
    )
    .expect("the workspace loads")
}
