# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of okvm's documentation. make htmldocs builds it
# with Debian's Sphinx (scripts/setup docs, pinned in scripts/deps.lock)
# into build/htmldocs/; any warning fails the build.

project = 'okvm'
author = 'The okvm authors'
copyright = 'The okvm authors'

root_doc = 'index'
# Literal blocks are shell sessions, C, diagrams and tables: no guessing
# of a language, so no lexer warning decides the build.
highlight_language = 'none'

html_theme = 'alabaster'
html_title = 'okvm documentation'
html_show_sourcelink = False
html_copy_source = False
