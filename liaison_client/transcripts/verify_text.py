"""VERIFY.txt: how whoever receives an export folder checks it, in English and Chinese."""

from __future__ import annotations


def verify_text(key_id: str, fingerprint: str) -> str:
    return f"""HOW TO VERIFY THIS TRANSCRIPT
=============================

This folder is the record of a Liaison operation, signed by the officer who
exported it. Nothing here needs to be trusted: check it yourself.

1. Compare the exporter's key with the fingerprint (safety number) the exporter
   gives you in person or on paper:
       exporter fingerprint: {fingerprint}
       minisign key id:      {key_id}

2. Check the exporter's signatures with the standard minisign tool
   (Debian/Ubuntu: apt install minisign):
       minisign -Vm transcript.json -p exporter.pub
       minisign -Vm transcript.pdf -p exporter.pub

3. Check every message, every sender's chain, the membership log and the PDF
   footer with the verifier shipped in this folder (Python 3.11+ and PyNaCl only:
   python3 -m venv v && v/bin/pip install pynacl):
       v/bin/python verify_transcript.py . --exporter-key exporter.pub
   It prints one line per problem and exits non-zero if anything fails; it
   prints one summary line and exits 0 when everything holds.
   Exit codes: 0 verified, 1 a check failed, 2 the folder could not be read.

Details: docs/TRANSCRIPT.md of Liaison.


如何核验本记录
==============

本文件夹是 Liaison 一次联合行动的记录，由导出该记录的官员签名。
无需信任任何人：请自行核验。

1. 将导出人的密钥与导出人当面或书面提供的指纹（安全码）进行比对：
       导出人指纹：      {fingerprint}
       minisign 密钥 ID：{key_id}

2. 使用标准 minisign 工具核验导出人的签名
   （Debian/Ubuntu：apt install minisign）：
       minisign -Vm transcript.json -p exporter.pub
       minisign -Vm transcript.pdf -p exporter.pub

3. 使用本文件夹中附带的核验程序检查每条消息、每位发送者的消息链、
   成员日志以及 PDF 页脚（仅需 Python 3.11+ 和 PyNaCl：
   python3 -m venv v && v/bin/pip install pynacl）：
       v/bin/python verify_transcript.py . --exporter-key exporter.pub
   每发现一个问题输出一行，任何检查失败时以非零状态退出；
   全部通过时输出一行摘要并以 0 退出。
   退出码：0 核验通过，1 有检查未通过，2 无法读取文件夹。
"""
