"""Demo content drawn from the 2021 National Children's Alliance brief "A light on the unseen".

Entries the brief does not describe are marked as sample content wherever they appear.
"""
