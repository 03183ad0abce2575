"""A small OOXML (WordprocessingML) toolkit for the Word exporters.

Map of the package::

    xml        runs, paragraphs, bookmarks, hyperlinks as XML text (escaped once)
    fields     field runs (REF, PAGE, NUMPAGES), bookmark names, token search
    revisions  ChangeMarks: runs and paragraphs marked as tracked changes or formatting
    numbering  Word list definitions (abstractNum/num) translated from the tree's
               ``Numbering``, and their installation into a numbering part
    styles     our style names, the ones a reference document must define, and a
               map from style name to the document's own style id
    package    the reference document opened with python-docx: styles, page setup,
               header and footer, properties, the body appended as oxml elements,
               and deterministic saving

Only ``package`` imports python-docx; the other modules are plain Python.
"""
