<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-documents.xsl: the staff's documents of a project: upload, "visible in the portal",
     delete, and whether customers may upload ("Upload erlaubt"). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.documents')"/> – <xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:call-template name="project-header"><xsl:with-param name="area">documents</xsl:with-param></xsl:call-template>
    <xsl:call-template name="upload-form"/>
    <section class="card">
      <h2><xsl:value-of select="kp:t('documents.allow_upload')"/></h2>
      <xsl:choose>
        <xsl:when test="project/@portal = '1'">
          <form method="post" action="{$pbase}/documents/upload-setting" class="stack">
            <xsl:call-template name="csrf"/>
            <input type="hidden" name="allow_upload" value="{1 - project/@allow-upload}"/>
            <xsl:choose>
              <!-- the project's own portal and its customer's disagree: each one's; the button allows both -->
              <xsl:when test="project/@upload-own">
                <p><span class="badge"><xsl:value-of select="kp:t('documents.allow_upload_mixed')"/></span>
                  <xsl:text> </xsl:text><xsl:value-of select="kp:t('documents.allow_upload_each', kp:t(concat('yesno.', project/@upload-own)), kp:t(concat('yesno.', project/@upload-customer)))"/></p>
                <p><xsl:value-of select="kp:t('documents.allow_upload_help')"/></p>
              </xsl:when>
              <xsl:otherwise>
                <p><span class="badge"><xsl:value-of select="kp:t(concat('yesno.', project/@allow-upload))"/></span>
                  <xsl:text> </xsl:text><xsl:value-of select="kp:t('documents.allow_upload_help')"/></p>
              </xsl:otherwise>
            </xsl:choose>
            <button type="submit"><xsl:value-of select="kp:t(concat('documents.allow_upload.', project/@allow-upload))"/></button>
          </form>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('documents.no_portal')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
    <section>
      <h2><xsl:value-of select="kp:t('area.documents')"/></h2>
      <xsl:call-template name="document-list"/>
    </section>
  </xsl:template>
</xsl:stylesheet>
