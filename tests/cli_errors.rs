//! Errors a user can cause, as the user reads them: in Chinese by default, in English with
//! `--lang en`, each saying what to do; lists and names typed the Chinese way.

mod common;

use common::{chainlead as run, tmp_dir};

fn text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn usage_errors_are_chinese_with_the_usage_and_english_on_request() {
    let r = run(&["gaps", "--bogus"], None);
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(err.contains("错误：不认识的参数 `--bogus`"), "{err}");
    assert!(err.contains("用法：chainlead gaps"), "{err}");
    assert!(err.contains("chainlead gaps --help"), "{err}");

    let r = run(&["gaps", "--hom", "530402"], None);
    let (_, err) = text(&r);
    assert!(err.contains("是否想用 `--home`"), "{err}");

    let r = run(&["gaps", "--home"], None);
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        err.contains("缺少取值") && err.contains("chainlead gaps --help"),
        "{err}"
    );

    let r = run(&["trip", "--days", "2", "-o", "x"], None);
    let (_, err) = text(&r);
    assert!(
        err.contains("缺少必需的参数") && err.contains("--cities"),
        "{err}"
    );

    let r = run(&["gaps", "--min-confidence", "2"], None);
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(2));
    assert!(err.contains("应为 0 到 1 之间的数"), "{err}");

    let r = run(
        &["trip", "--cities", "深圳", "--days", "0", "-o", "x"],
        None,
    );
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        err.contains("`--days <DAYS>` 的值 `0` 无效：应为不小于 1 的整数"),
        "{err}"
    );

    let r = run(&["gap"], None);
    let (_, err) = text(&r);
    assert!(
        err.contains("不认识的子命令 `gap`") && err.contains("`gaps`"),
        "{err}"
    );

    let r = run(&["--lang", "en", "gaps", "--bogus"], None);
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        err.contains("unexpected argument '--bogus'") && !err.contains("错误"),
        "{err}"
    );
    let r = run(&["gaps", "--bogus", "--lang=en"], None);
    assert!(!text(&r).1.contains("错误"), "{}", text(&r).1);

    // Help is still help, on stdout, exit 0.
    let r = run(&["gaps", "--help"], None);
    assert!(r.status.success() && text(&r).0.contains("--home"));
}

#[test]
fn lang_cn_is_an_error_not_chinese() {
    for bad in ["cn", "zh-cn", "fr"] {
        let r = run(&["--lang", bad, "chains", "list"], None);
        let (out, err) = text(&r);
        assert_eq!(r.status.code(), Some(2), "{bad}: {out}{err}");
        assert!(out.is_empty(), "{bad}: {out}");
        assert!(err.contains("只能用 zh（中文）或 en（English）"), "{err}");
    }
    assert!(run(&["--lang", "zh", "chains", "list"], None)
        .status
        .success());
    assert!(run(&["--lang", "en", "chains", "list"], None)
        .status
        .success());
}

#[test]
fn missing_and_broken_input_files_say_what_to_do() {
    let d = tmp_dir("errors-files");
    let missing = d.join("没有这个文件.csv");
    let r = run(
        &[
            "gaps",
            "--companies",
            missing.to_str().unwrap(),
            "--home",
            "530402",
        ],
        None,
    );
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        err.contains("找不到文件") && err.contains("请检查路径"),
        "{err}"
    );
    let r = run(
        &[
            "--lang",
            "en",
            "gaps",
            "--companies",
            missing.to_str().unwrap(),
            "--home",
            "530402",
        ],
        None,
    );
    assert!(text(&r).1.contains("file not found"), "{}", text(&r).1);

    let out = d.join("o.parquet");
    let r = run(
        &[
            "import",
            missing.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(text(&r).1.contains("找不到文件"), "{}", text(&r).1);

    let bad = d.join("坏的.xlsx");
    std::fs::write(&bad, b"this is not a zip").unwrap();
    let r = run(
        &[
            "leads",
            "--companies",
            bad.to_str().unwrap(),
            "--home",
            "530402",
        ],
        None,
    );
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        err.contains("无法打开工作簿") && err.contains("另存为"),
        "{err}"
    );
    let r = run(
        &[
            "--lang",
            "en",
            "leads",
            "--companies",
            bad.to_str().unwrap(),
            "--home",
            "530402",
        ],
        None,
    );
    assert!(
        text(&r).1.contains("cannot open the workbook") && text(&r).1.contains("save it again")
    );

    let r = run(&["summary", "--companies", d.to_str().unwrap()], None);
    assert!(text(&r).1.contains("是一个目录"), "{}", text(&r).1);
}

#[test]
fn an_encoding_that_does_not_fit_names_the_one_found() {
    let d = tmp_dir("errors-encoding");
    let body = "企业名称,经营范围,注册地址\n云南测试钢铁有限公司,钢材制造,云南省玉溪市红塔区\n";
    let utf8 = d.join("utf8.csv");
    std::fs::write(&utf8, body).unwrap();
    let gbk = d.join("gbk.csv");
    std::fs::write(&gbk, encoding_rs_free_gbk(body)).unwrap();
    let out = d.join("o.csv");
    let o = out.to_str().unwrap();

    let r = run(
        &[
            "import",
            gbk.to_str().unwrap(),
            "--encoding",
            "utf-8",
            "-o",
            o,
        ],
        None,
    );
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("不是 UTF-8") && err.contains("--encoding gbk"),
        "{err}"
    );
    assert!(!out.exists());

    let r = run(
        &[
            "import",
            utf8.to_str().unwrap(),
            "--encoding",
            "gbk",
            "-o",
            o,
        ],
        None,
    );
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("是 UTF-8 编码") && err.contains("--encoding utf-8"),
        "{err}"
    );
    let r = run(
        &[
            "--lang",
            "en",
            "import",
            utf8.to_str().unwrap(),
            "--encoding",
            "gbk",
            "-o",
            o,
        ],
        None,
    );
    assert!(text(&r).1.contains("is UTF-8"), "{}", text(&r).1);

    // The right encoding, or none, imports.
    let r = run(
        &[
            "import",
            gbk.to_str().unwrap(),
            "--encoding",
            "gbk",
            "-o",
            o,
        ],
        None,
    );
    assert!(r.status.success(), "{}", text(&r).1);
    let r = run(&["import", utf8.to_str().unwrap(), "-o", o], None);
    assert!(r.status.success(), "{}", text(&r).1);
}

/// The GBK bytes of the few characters the encoding test uses (so the test needs no crate).
fn encoding_rs_free_gbk(s: &str) -> Vec<u8> {
    let table: &[(char, [u8; 2])] = &[
        ('企', [0xC6, 0xF3]),
        ('业', [0xD2, 0xB5]),
        ('名', [0xC3, 0xFB]),
        ('称', [0xB3, 0xC6]),
        ('经', [0xBE, 0xAD]),
        ('营', [0xD3, 0xAA]),
        ('范', [0xB7, 0xB6]),
        ('围', [0xCE, 0xA7]),
        ('注', [0xD7, 0xA2]),
        ('册', [0xB2, 0xE1]),
        ('地', [0xB5, 0xD8]),
        ('址', [0xD6, 0xB7]),
        ('云', [0xD4, 0xC6]),
        ('南', [0xC4, 0xCF]),
        ('测', [0xB2, 0xE2]),
        ('试', [0xCA, 0xD4]),
        ('钢', [0xB8, 0xD6]),
        ('铁', [0xCC, 0xFA]),
        ('有', [0xD3, 0xD0]),
        ('限', [0xCF, 0xDE]),
        ('公', [0xB9, 0xAB]),
        ('司', [0xCB, 0xBE]),
        ('材', [0xB2, 0xC4]),
        ('制', [0xD6, 0xC6]),
        ('造', [0xD4, 0xEC]),
        ('省', [0xCA, 0xA1]),
        ('玉', [0xD3, 0xF1]),
        ('溪', [0xCF, 0xAA]),
        ('市', [0xCA, 0xD0]),
        ('红', [0xBA, 0xEC]),
        ('塔', [0xCB, 0xFE]),
        ('区', [0xC7, 0xF8]),
    ];
    let mut out = Vec::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            let (_, b) = table.iter().find(|(k, _)| *k == c).expect("in the table");
            out.extend_from_slice(b);
        }
    }
    out
}

#[test]
fn chains_and_nodes_by_chinese_name_and_lists_typed_the_chinese_way() {
    let r = run(&["gaps", "--chain", "医疗器械"], None);
    let (out, err) = text(&r);
    assert!(r.status.success(), "{err}");
    assert!(
        out.contains("\n医疗器械：") && !out.contains("\n现代钢铁："),
        "{out}"
    );
    let r = run(&["gaps", "--chain", "光伏"], None);
    assert!(text(&r).0.contains("\n硅光伏配套："), "{}", text(&r).1);

    let r = run(&["leads", "--node", "光伏玻璃", "--top", "5"], None);
    let (out, err) = text(&r);
    assert!(r.status.success(), "{err}");
    assert!(out.contains("[光伏玻璃 "), "{out}");

    let r = run(&["leads", "--chain", "纺织"], None);
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(1));
    for want in [
        "没有名为“纺织”的产业链",
        "medical-devices",
        "医疗器械",
        "hardware",
        "现代智能五金",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    let r = run(&["leads", "--node", "纺纱"], None);
    let (_, err) = text(&r);
    assert!(
        err.contains("没有名为“纺纱”的环节") && err.contains("光伏玻璃"),
        "{err}"
    );

    let r = run(&["leads", "--province", "火星"], None);
    assert!(
        text(&r).1.contains("没有名为“火星”的省份"),
        "{}",
        text(&r).1
    );

    let d = tmp_dir("errors-lists");
    for cities in ["深圳、东莞", "深圳，东莞", "深圳 东莞"] {
        let dir = d.join("trip");
        let r = run(
            &[
                "trip",
                "--cities",
                cities,
                "--days",
                "2",
                "-o",
                dir.to_str().unwrap(),
            ],
            None,
        );
        let (out, err) = text(&r);
        assert!(r.status.success(), "{cities}: {err}");
        assert!(
            out.contains("深圳") && out.contains("东莞"),
            "{cities}: {out}"
        );
    }
    let dir = d.join("trip2");
    let r = run(
        &[
            "trip",
            "--cities",
            "深圳",
            "东莞",
            "--days",
            "2",
            "-o",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        r.status.success() && text(&r).0.contains("东莞"),
        "{}",
        text(&r).1
    );
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let d = tmp_dir("errors-filter");
    let out = d.join("leads.csv");
    let r = run(
        &[
            "leads",
            "--node",
            "光伏玻璃",
            "--province",
            "澳门",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("没有符合筛选条件") && err.contains("--province 澳门"),
        "{err}"
    );
    assert!(!out.exists());
    let m = d.join("m.csv");
    let r = run(
        &[
            "classify",
            "--min-confidence",
            "1",
            "-o",
            m.to_str().unwrap(),
        ],
        None,
    );
    let (_, err) = text(&r);
    assert!(r.status.success(), "{err}");
    assert!(err.contains("没有企业达到置信度 1"), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    for args in [&["chains", "show"][..], &["chains", "list"], &["--help"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chainlead"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the pipe before the program writes, as a `| head` that is done already.
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_ne!(status.code(), Some(101), "{args:?}");
    }
}

#[test]
fn output_errors_say_what_to_do_in_chinese() {
    let r = run(&["gaps", "-o", "/nonexistent-dir/gaps.csv"], None);
    let (_, err) = text(&r);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        err.contains("无法写出 /nonexistent-dir/gaps.csv") && err.contains("请确认目录存在"),
        "{err}"
    );
    let r = run(
        &["--lang", "en", "gaps", "-o", "/nonexistent-dir/gaps.csv"],
        None,
    );
    assert!(text(&r)
        .1
        .contains("cannot write /nonexistent-dir/gaps.csv"));
    let d = tmp_dir("errors-out");
    let doc = d.join("gaps.doc");
    let r = run(&["gaps", "-o", doc.to_str().unwrap()], None);
    let (_, err) = text(&r);
    assert!(
        err.contains("不支持的输出类型") && err.contains(".xlsx"),
        "{err}"
    );
    let r = run(
        &[
            "trip",
            "--cities",
            "深圳",
            "--days",
            "1",
            "--start",
            "22.5",
            "-o",
            d.join("t").to_str().unwrap(),
        ],
        None,
    );
    assert!(text(&r).1.contains("--start 应写成"), "{}", text(&r).1);
}
