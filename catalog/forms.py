"""Admin forms with fields beyond the model's: the transcript upload on episodes."""

from django import forms
from django.core.validators import FileExtensionValidator
from wagtail.admin.forms import WagtailAdminPageForm

from catalog.transcripts import MAX_TRANSCRIPT_CHARACTERS, TranscriptError, parse_transcript

MAX_TRANSCRIPT_BYTES = MAX_TRANSCRIPT_CHARACTERS  # UTF-8 text: about one byte a character


class EpisodeForm(WagtailAdminPageForm):
    """An episode's editor: a transcript file, when given, replaces the pasted transcript."""

    transcript_file = forms.FileField(
        required=False,
        label="Upload a transcript",
        help_text="A WebVTT (.vtt) or SRT (.srt) file in UTF-8. It replaces the text below; a "
        "file with an error is refused with the number of the line to fix.",
        validators=[FileExtensionValidator(["vtt", "srt"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,.srt,text/vtt"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The saved transcript's: the editor sees it whenever the episode is open for editing.
        warning = getattr(self.instance, "transcript_search_warning", "")
        if warning and "transcript" in self.fields:
            field = self.fields["transcript"]
            field.help_text = f"{field.help_text} {warning}"

    def clean(self) -> dict:
        cleaned_data = super().clean()
        upload = cleaned_data.get("transcript_file")
        if not upload:
            return cleaned_data
        if upload.size > MAX_TRANSCRIPT_BYTES:
            self.add_error("transcript_file", "This file is too large for a transcript (2 MB).")
            return cleaned_data
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("transcript_file", "This file is not UTF-8 text; save it as UTF-8.")
            return cleaned_data
        try:
            parse_transcript(text)
        except TranscriptError as error:
            self.add_error("transcript_file", f"{upload.name}: {error}")
            return cleaned_data
        cleaned_data["transcript"] = text
        return cleaned_data
